// npg's columns: eager and compiled (npg::compile), and compile latency.
// Run one benchmark per process: bench/run_bench.py does.
#include "common/Workloads.h"

#include <algorithm>
#include <chrono>
#include <tuple>

namespace {

using bench::Meter;
using bench::Once;
using npg::Array;
namespace w1 = bench::w1;
namespace w2 = bench::w2;
namespace w3 = bench::w3;
namespace w4 = bench::w4;
namespace w5 = bench::w5;
namespace w6 = bench::w6;
namespace w8 = bench::w8;

/// Runs `f`, turning an npg::Error (or any exception) into a "compile
/// failed" message: the first call of a compiled function traces and
/// compiles, and the compiler is still being written.
template <class F> auto first_call(F f) {
  try {
    return f();
  } catch (const bench::CheckFailed &) {
    throw;
  } catch (const std::exception &e) {
    throw std::runtime_error(std::string("compile failed: ") + e.what());
  }
}

/// Later calls must run compiled code, not compile again.
template <class C> void expect_cached(const C &compiled, const char *what) {
  const npg::CompileStats s = compiled.stats();
  if (s.compiles != 1)
    throw bench::CheckFailed(std::string(what) + " compiled " +
                             std::to_string(s.compiles) +
                             " times; later calls should hit the cache");
}

double f32_rtol() { return 2e-5; }

// --- 1 -------------------------------------------------------------------------

void w1_bench(benchmark::State &state, bool grad) {
  auto &fx = bench::once<w1::Data>(grad ? "w1g" : "w1", [grad] {
    auto d = std::make_unique<w1::Data>(w1::data(grad));
    std::unique_ptr<npg::NoGradGuard> guard;
    if (!grad)
      guard = std::make_unique<npg::NoGradGuard>();
    const Array y = w1::run(*d);
    if (grad && !y.grad_fn())
      throw bench::CheckFailed("the result records no graph");
    bench::check_close("y", bench::values(y), w1::reference(*d), 1e-6, 0);
    return d;
  });
  if (!fx.ok(state))
    return;
  std::unique_ptr<npg::NoGradGuard> guard;
  if (!grad)
    guard = std::make_unique<npg::NoGradGuard>();
  Meter meter(state);
  for (auto _ : state) {
    Array y = w1::run(*fx.value);
    benchmark::DoNotOptimize(y.raw_data());
  }
  state.counters["ops_per_iter"] = w1::kOps;
}

// --- 2 -------------------------------------------------------------------------

void w2_eager(benchmark::State &state) {
  auto &fx = bench::once<w2::Data>("w2", [] {
    auto d = std::make_unique<w2::Data>(w2::data());
    bench::check_close("a*b+c", bench::values(w2::run(d->a, d->b, d->c)),
                       w2::reference(*d), f32_rtol(), 1e-6);
    return d;
  });
  if (!fx.ok(state))
    return;
  const w2::Data &d = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    Array out = w2::run(d.a, d.b, d.c);
    benchmark::DoNotOptimize(out.raw_data());
  }
}

auto w2_compile() {
  return npg::compile(
      [](const Array &a, const Array &b, const Array &c) {
        return w2::run(a, b, c);
      },
      "mul_add");
}

void w2_compiled(benchmark::State &state) {
  struct Fx {
    w2::Data d = w2::data();
    decltype(w2_compile()) f = w2_compile();
  };
  auto &fx = bench::once<Fx>("w2c", [] {
    auto x = std::make_unique<Fx>();
    const std::vector<double> eager = bench::in_child([&] {
      return bench::Values{bench::values(w2::run(x->d.a, x->d.b, x->d.c))};
    })[0];
    first_call([&] { return x->f(x->d.a, x->d.b, x->d.c); });
    for (int i = 0; i < 2; ++i)
      bench::check_close("compiled a*b+c",
                         bench::values(x->f(x->d.a, x->d.b, x->d.c)), eager,
                         1e-6, 1e-7);
    expect_cached(x->f, "a*b+c");
    return x;
  });
  if (!fx.ok(state))
    return;
  Fx &x = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    Array out = x.f(x.d.a, x.d.b, x.d.c);
    benchmark::DoNotOptimize(out.raw_data());
  }
}

// --- 3 -------------------------------------------------------------------------

void w3_eager(benchmark::State &state, bool backward) {
  auto &fx = bench::once<Array>(backward ? "w3b" : "w3", [backward] {
    auto x = std::make_unique<Array>(w3::data(backward));
    const auto [value, grad] = w3::reference(*x);
    const Array s = w3::run(*x);
    bench::check_close("chain value", s.item<double>(), value, 1e-5);
    if (backward) {
      s.backward();
      bench::check_close("chain gradient", bench::values(*x->grad()), grad,
                         1e-5, 1e-6);
    }
    return x;
  });
  if (!fx.ok(state))
    return;
  Array &x = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    x.zero_grad();
    const Array s = w3::run(x);
    if (backward)
      s.backward();
    benchmark::DoNotOptimize(s.raw_data());
  }
}

auto w3_compile() {
  return npg::compile([](const Array &x) { return w3::run(x); }, "chain");
}

void w3_compiled(benchmark::State &state, bool backward) {
  struct Fx {
    Array x;
    decltype(w3_compile()) f = w3_compile();
  };
  auto &fx = bench::once<Fx>(backward ? "w3cb" : "w3c", [backward] {
    auto c = std::make_unique<Fx>(Fx{w3::data(backward)});
    const bench::Values eager = bench::in_child([&] {
      const Array e = w3::run(c->x);
      bench::Values out{{e.item<double>()}};
      if (backward) {
        e.backward();
        out.push_back(bench::values(*c->x.grad()));
      }
      return out;
    });
    first_call([&] { return c->f(c->x); });
    for (int i = 0; i < 2; ++i) {
      c->x.zero_grad();
      const Array s = c->f(c->x);
      bench::check_close("compiled chain value", s.item<double>(), eager[0][0],
                         1e-5);
      if (backward) {
        s.backward();
        bench::check_close("compiled chain gradient",
                           bench::values(*c->x.grad()), eager[1], 1e-5, 1e-6);
      }
    }
    expect_cached(c->f, "the chain");
    return c;
  });
  if (!fx.ok(state))
    return;
  Fx &c = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    c.x.zero_grad();
    const Array s = c.f(c.x);
    if (backward)
      s.backward();
    benchmark::DoNotOptimize(s.raw_data());
  }
}

// --- 4 -------------------------------------------------------------------------

void check_w4(const w4::Data &d, const Array &loss, const char *what) {
  const w4::Reference r = w4::reference(d);
  bench::check_close(std::string(what) + " loss", loss.item<double>(), r.loss,
                     1e-5);
  bench::check_close(std::string(what) + " grad w", bench::values(*d.w.grad()),
                     r.gw, 1e-4, 1e-2);
  bench::check_close(std::string(what) + " grad b", bench::values(*d.b.grad()),
                     r.gb, 1e-4, 1e-2);
}

void w4_eager(benchmark::State &state) {
  auto &fx = bench::once<w4::Data>("w4", [] {
    auto d = std::make_unique<w4::Data>(w4::data());
    const Array l = w4::run(d->X, d->w, d->b);
    l.backward();
    check_w4(*d, l, "eager");
    return d;
  });
  if (!fx.ok(state))
    return;
  w4::Data &d = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    d.w.zero_grad();
    d.b.zero_grad();
    const Array l = w4::run(d.X, d.w, d.b);
    l.backward();
    benchmark::DoNotOptimize(l.raw_data());
  }
}

auto w4_compile() {
  return npg::compile([](const Array &X, const Array &w,
                         const Array &b) { return w4::run(X, w, b); },
                      "broadcast_square");
}

void w4_compiled(benchmark::State &state) {
  struct Fx {
    w4::Data d = w4::data();
    decltype(w4_compile()) f = w4_compile();
  };
  auto &fx = bench::once<Fx>("w4c", [] {
    auto c = std::make_unique<Fx>();
    w4::Data &d = c->d;
    first_call([&] { return c->f(d.X, d.w, d.b); });
    for (int i = 0; i < 2; ++i) {
      d.w.zero_grad();
      d.b.zero_grad();
      const Array l = c->f(d.X, d.w, d.b);
      l.backward();
      check_w4(d, l, "compiled");
    }
    expect_cached(c->f, "sum((X*w + b)^2)");
    return c;
  });
  if (!fx.ok(state))
    return;
  Fx &c = *fx.value;
  w4::Data &d = c.d;
  Meter meter(state);
  for (auto _ : state) {
    d.w.zero_grad();
    d.b.zero_grad();
    const Array l = c.f(d.X, d.w, d.b);
    l.backward();
    benchmark::DoNotOptimize(l.raw_data());
  }
}

// --- 5 -------------------------------------------------------------------------

auto make_pinwheel_loss(w5::Params &p) {
  return npg::compile(
      [&p](const Array &x, const Array &onehot) {
        return w5::loss(p, x, onehot);
      },
      "pinwheel_loss");
}

/// AdamW's update as a pure function. in: lr/bc1 and 1/bc2 (0-d, so that
/// the signature stays the same from step to step), then p, g, m, v per
/// parameter; out: the new p, m, v per parameter.
auto make_adamw_update() {
  return npg::compile(
      [](const std::vector<Array> &in) {
        const Array &step = in[0], &inv_bc2 = in[1];
        std::vector<Array> out;
        for (std::size_t i = 2; i + 4 <= in.size(); i += 4) {
          const Array &p = in[i], &g = in[i + 1];
          const Array m = in[i + 2] * w5::kBeta1 + g * (1 - w5::kBeta1);
          const Array v = in[i + 3] * w5::kBeta2 + g * g * (1 - w5::kBeta2);
          out.push_back(p * (1 - w5::kLr * w5::kWeightDecay) -
                        step * m / (npg::sqrt(v * inv_bc2) + w5::kEps));
          out.push_back(m);
          out.push_back(v);
        }
        return out;
      },
      "adamw");
}

/// The compiled training step: the loss and its gradient compiled (the
/// parameters are captures), and AdamW's update compiled as a pure function
/// whose new parameters are written back in place.
struct CompiledStep {
  w5::Params &p;
  std::vector<Array> m, v;
  int t = 0;
  decltype(make_pinwheel_loss(std::declval<w5::Params &>())) loss;
  decltype(make_adamw_update()) update = make_adamw_update();

  explicit CompiledStep(w5::Params &params)
      : p(params), loss(make_pinwheel_loss(params)) {
    for (const Array &a : p.list()) {
      m.push_back(npg::zeros_like(a));
      v.push_back(npg::zeros_like(a));
    }
  }

  double step(const w5::Data &d) {
    std::vector<Array> list = p.list();
    for (Array &a : list)
      a.zero_grad();
    const Array l = loss(d.x, d.onehot);
    l.backward();
    npg::NoGradGuard no_grad;
    ++t;
    const double bc1 = 1 - std::pow(w5::kBeta1, t),
                 bc2 = 1 - std::pow(w5::kBeta2, t);
    std::vector<Array> in{npg::array(static_cast<float>(w5::kLr / bc1)),
                          npg::array(static_cast<float>(1 / bc2))};
    for (std::size_t i = 0; i < list.size(); ++i) {
      in.push_back(list[i]);
      in.push_back(*list[i].grad());
      in.push_back(m[i]);
      in.push_back(v[i]);
    }
    const std::vector<Array> out = update(in);
    for (std::size_t i = 0; i < list.size(); ++i) {
      list[i].assign(out[3 * i]);
      m[i] = out[3 * i + 1];
      v[i] = out[3 * i + 2];
    }
    return l.item<double>();
  }
};

void w5_eager(benchmark::State &state) {
  struct Fx {
    w5::Data d = w5::data();
    w5::Params p = w5::clone(d.params);
    w5::AdamW opt{p.list()};
  };
  auto &fx = bench::once<Fx>("w5", [] {
    auto c = std::make_unique<Fx>();
    const double loss = w5::eager_step(c->p, c->opt, c->d);
    bench::check_close("initial loss", loss, w5::reference_loss(c->d), 1e-5);
    return c;
  });
  if (!fx.ok(state))
    return;
  Fx &c = *fx.value;
  Meter meter(state);
  for (auto _ : state)
    benchmark::DoNotOptimize(w5::eager_step(c.p, c.opt, c.d));
}

void w5_compiled(benchmark::State &state) {
  struct Fx {
    w5::Data d = w5::data();
    w5::Params p = w5::clone(d.params);
    CompiledStep step{p};
  };
  auto &fx = bench::once<Fx>("w5c", [] {
    auto c = std::make_unique<Fx>();
    // Eager steps from the same start (in a child process): the compiled
    // steps must track their losses and parameters.
    const bench::Values eager = bench::in_child([&] {
      w5::Params ep = w5::clone(c->d.params);
      w5::AdamW opt(ep.list());
      bench::Values out(1);
      for (int i = 0; i < 3; ++i)
        out[0].push_back(w5::eager_step(ep, opt, c->d));
      for (const Array &a : ep.list())
        out.push_back(bench::values(a));
      return out;
    });
    for (int i = 0; i < 3; ++i) {
      const double got =
          i == 0 ? first_call([&] { return c->step.step(c->d); })
                 : c->step.step(c->d);
      bench::check_close("compiled loss, step " + std::to_string(i), got,
                         eager[0][i], 1e-5);
    }
    const std::vector<Array> params = c->p.list();
    for (std::size_t i = 0; i < params.size(); ++i)
      bench::check_close("compiled step: parameter " + std::to_string(i),
                         bench::values(params[i]), eager[1 + i], 1e-4, 1e-6);
    expect_cached(c->step.loss, "the pinwheel loss");
    expect_cached(c->step.update, "the AdamW update");
    return c;
  });
  if (!fx.ok(state))
    return;
  Fx &c = *fx.value;
  Meter meter(state);
  for (auto _ : state)
    benchmark::DoNotOptimize(c.step.step(c.d));
}

// --- 6 -------------------------------------------------------------------------

struct GmmFx {
  w6::Data g;
  Array alphas, means, logdiag, lt;
  explicit GmmFx(const w6::Size &s) : g(w6::data(s)) {
    alphas = g.a_alphas.copy().requires_grad_(true);
    means = g.a_means.copy().requires_grad_(true);
    logdiag = g.a_logdiag.copy().requires_grad_(true);
    lt = g.a_lt.copy().requires_grad_(true);
  }
  std::vector<Array> params() const { return {alphas, means, logdiag, lt}; }
  void zero_grad() {
    for (Array p : params())
      p.zero_grad();
  }
  w6::Grads grads() const {
    return {bench::values(*alphas.grad()), bench::values(*means.grad()),
            bench::values(*logdiag.grad()), bench::values(*lt.grad())};
  }
};

void check_gmm_grads(const w6::Grads &got, const w6::Grads &want,
                     const char *what) {
  bench::check_close(std::string(what) + " d/dalphas", got.alphas, want.alphas,
                     1e-9, 1e-9);
  bench::check_close(std::string(what) + " d/dmeans", got.means, want.means,
                     1e-9, 1e-9);
  bench::check_close(std::string(what) + " d/dlogdiag", got.logdiag,
                     want.logdiag, 1e-9, 1e-9);
  bench::check_close(std::string(what) + " d/dlt", got.lt, want.lt, 1e-9,
                     1e-9);
}

void w6_eager(benchmark::State &state, w6::Size size) {
  auto &fx = bench::once<GmmFx>("w6" + w6::size_name(size), [size] {
    auto c = std::make_unique<GmmFx>(size);
    const Array obj =
        w6::objective(c->g, c->alphas, c->means, c->logdiag, c->lt, c->g.a_x);
    bench::check_close(
        "GMM objective", obj.item<double>(),
        w6::reference(c->g, c->g.alphas, c->g.means, c->g.icf), 1e-10);
    obj.backward();
    w6::check_gradients(c->g, c->grads());
    return c;
  });
  if (!fx.ok(state))
    return;
  GmmFx &c = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    c.zero_grad();
    const Array obj =
        w6::objective(c.g, c.alphas, c.means, c.logdiag, c.lt, c.g.a_x);
    obj.backward();
    benchmark::DoNotOptimize(obj.raw_data());
  }
}

auto w6_compile(const w6::Data &g) {
  return npg::compile(
      [&g](const Array &alphas, const Array &means, const Array &logdiag,
           const Array &lt, const Array &x) {
        return w6::objective(g, alphas, means, logdiag, lt, x);
      },
      "gmm");
}

void w6_compiled(benchmark::State &state, w6::Size size) {
  struct Fx : GmmFx {
    decltype(w6_compile(std::declval<const w6::Data &>())) f;
    explicit Fx(w6::Size s) : GmmFx(s), f(w6_compile(g)) {}
    Array call() { return f(alphas, means, logdiag, lt, g.a_x); }
  };
  auto &fx = bench::once<Fx>("w6c" + w6::size_name(size), [size] {
    auto c = std::make_unique<Fx>(size);
    const bench::Values eager = bench::in_child([&] {
      const Array e = w6::objective(c->g, c->alphas, c->means, c->logdiag,
                                    c->lt, c->g.a_x);
      e.backward();
      const w6::Grads g = c->grads();
      return bench::Values{{e.item<double>()}, g.alphas, g.means, g.logdiag,
                           g.lt};
    });
    const w6::Grads want{eager[1], eager[2], eager[3], eager[4]};
    first_call([&] { return c->call(); });
    for (int i = 0; i < 2; ++i) {
      c->zero_grad();
      const Array obj = c->call();
      bench::check_close("compiled GMM objective", obj.item<double>(),
                         eager[0][0], 1e-11);
      obj.backward();
      check_gmm_grads(c->grads(), want, "compiled GMM");
    }
    expect_cached(c->f, "the GMM objective");
    return c;
  });
  if (!fx.ok(state))
    return;
  Fx &c = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    c.zero_grad();
    const Array obj = c.call();
    obj.backward();
    benchmark::DoNotOptimize(obj.raw_data());
  }
}

// --- 7: compile latency ----------------------------------------------------------

double now_ms() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Times, in this fresh process: an eager call of the function (median of 5
/// after 2 warm-ups); the first call of a compiled function (trace + compile: the
/// cold start, paying one-time LLVM/MLIR initialisation); the first call of
/// a second compiled function made from the same code (compile with a warm
/// process); and calls that hit the cache. Latency = first call - eager call.
template <class Make, class Call, class Eager>
void compile_latency(benchmark::State &state, const std::string &key,
                     Make make, Call call, Eager eager) {
  struct Result {
    double eager, cold, warm, hit, stats_ms;
  };
  auto &fx = bench::once<Result>(key, [&] {
    auto r = std::make_unique<Result>();
    std::vector<double> t;
    for (int i = 0; i < 7; ++i) {
      const double t0 = now_ms();
      eager();
      t.push_back(now_ms() - t0);
    }
    t.erase(t.begin(), t.begin() + 2);
    r->eager = median(t);
    auto first = make();
    double t0 = now_ms();
    first_call([&] { return call(first); });
    r->cold = now_ms() - t0;
    auto second = make();
    t0 = now_ms();
    first_call([&] { return call(second); });
    r->warm = now_ms() - t0;
    t.clear();
    for (int i = 0; i < 5; ++i) {
      t0 = now_ms();
      call(second);
      t.push_back(now_ms() - t0);
    }
    r->hit = median(t);
    r->stats_ms = first.stats().compile_ms;
    expect_cached(second, "the function");
    return r;
  });
  if (!fx.ok(state))
    return;
  const Result &r = *fx.value;
  for (auto _ : state)
    state.SetIterationTime((r.cold - r.eager) / 1000.0);
  state.counters["eager_ms"] = r.eager;
  state.counters["cold_first_call_ms"] = r.cold;
  state.counters["cold_latency_ms"] = r.cold - r.eager;
  state.counters["warm_first_call_ms"] = r.warm;
  state.counters["warm_latency_ms"] = r.warm - r.eager;
  state.counters["cache_hit_ms"] = r.hit;
  state.counters["stats_compile_ms"] = r.stats_ms;
  state.counters["rss_peak_mib"] = bench::proc_status_mib("VmHWM");
  state.counters["rss_base_mib"] = bench::base_rss_mib();
}

// --- 8
// -------------------------------------------------------------------------

/// The GPT, its optimizer and its batch, from w8's seed.
struct GptFx {
  w8::Data d = w8::data();
  npg::optim::AdamW opt{d.model->parameters(), {.lr = w8::kLr}};
};

/// Three eager steps' losses from w8's start, in a child process.
std::vector<double> w8_eager_losses() {
  return bench::in_child([] {
    w8::Data d = w8::data();
    return bench::Values{w8::eager_losses(d, 3)};
  })[0];
}

void w8_eager(benchmark::State &state) {
  auto &fx = bench::once<GptFx>("w8", [] {
    auto c = std::make_unique<GptFx>();
    const std::vector<double> want = w8_eager_losses();
    for (int i = 0; i < 3; ++i)
      bench::check_close(
          "eager loss, step " + std::to_string(i),
          w8::step(*c->d.model, c->opt, c->d.x, c->d.y).item<double>(), want[i],
          1e-6);
    return c;
  });
  if (!fx.ok(state))
    return;
  GptFx &c = *fx.value;
  Meter meter(state);
  for (auto _ : state)
    benchmark::DoNotOptimize(
        w8::step(*c.d.model, c.opt, c.d.x, c.d.y).item<double>());
}

/// The whole step compiled, as examples/gpt compiles it.
auto w8_compile(GptFx &c) {
  return npg::compile(
      [&c](const Array &x, const Array &y) {
        return w8::step(*c.d.model, c.opt, x, y);
      },
      "gpt_step");
}

void w8_compiled(benchmark::State &state) {
  struct Fx : GptFx {
    decltype(w8_compile(std::declval<GptFx &>())) step = w8_compile(*this);
  };
  auto &fx = bench::once<Fx>("w8c", [] {
    auto c = std::make_unique<Fx>();
    const std::vector<double> want = w8_eager_losses();
    for (int i = 0; i < 3; ++i) {
      const double got = i == 0 ? first_call([&] {
                                    return c->step(c->d.x, c->d.y);
                                  }).item<double>()
                                : c->step(c->d.x, c->d.y).item<double>();
      bench::check_close("compiled loss, step " + std::to_string(i), got,
                         want[i], f32_rtol());
    }
    expect_cached(c->step, "the GPT training step");
    return c;
  });
  if (!fx.ok(state))
    return;
  Fx &c = *fx.value;
  Meter meter(state);
  for (auto _ : state)
    benchmark::DoNotOptimize(c.step(c.d.x, c.d.y).item<double>());
}

void register_all() {
  using bench::add;
  add("w1_perop_nograd/npg_eager", [](auto &s) { w1_bench(s, false); });
  add("w1_perop_grad/npg_eager", [](auto &s) { w1_bench(s, true); });
  add("w2_mul_add/npg_eager", w2_eager);
  add("w2_mul_add/npg_compiled", w2_compiled);
  add("w3_chain_fwd/npg_eager", [](auto &s) { w3_eager(s, false); });
  add("w3_chain_fwd/npg_compiled", [](auto &s) { w3_compiled(s, false); });
  add("w3_chain_fwdbwd/npg_eager", [](auto &s) { w3_eager(s, true); });
  add("w3_chain_fwdbwd/npg_compiled", [](auto &s) { w3_compiled(s, true); });
  add("w4_bcast_fwdbwd/npg_eager", w4_eager);
  add("w4_bcast_fwdbwd/npg_compiled", w4_compiled);
  add("w5_pinwheel_step/npg_eager", w5_eager);
  add("w5_pinwheel_step/npg_compiled", w5_compiled);
  for (const w6::Size &size : w6::sizes()) {
    const std::string row = "w6_gmm_" + w6::size_name(size);
    add(row + "/npg_eager", [size](auto &s) { w6_eager(s, size); });
    add(row + "/npg_compiled", [size](auto &s) { w6_compiled(s, size); });
  }
  add("w8_gpt_step/npg_eager", w8_eager);
  add("w8_gpt_step/npg_compiled", w8_compiled);

  // Compile latency: one shot per process (the runner repeats processes).
  auto latency = [](const std::string &name, auto fn) {
    bench::add_manual("w7_compile_" + name + "/npg_compiled", fn)
        ->Iterations(1)
        ->Repetitions(1);
  };
  // The timed calls are forward calls (with grad recording, as in
  // training): the first compiled call traces and compiles the forward and,
  // through autodiff, the backward.
  latency("chain", [](benchmark::State &s) {
    static Array x = w3::data(true);
    compile_latency(
        s, "w7chain", [] { return w3_compile(); },
        [](auto &f) { return f(x); }, [] { return w3::run(x); });
  });
  latency("pinwheel_loss", [](benchmark::State &s) {
    static const w5::Data d = w5::data();
    static w5::Params p = w5::clone(d.params);
    compile_latency(
        s, "w7pinwheel", [] { return make_pinwheel_loss(p); },
        [](auto &f) { return f(d.x, d.onehot); },
        [] { return w5::loss(p, d.x, d.onehot); });
  });
  for (const w6::Size &size : w6::sizes())
    latency("gmm_" + w6::size_name(size), [size](benchmark::State &s) {
      const std::string key = "w7gmm" + w6::size_name(size);
      auto &fx = bench::once<GmmFx>(
          key, [size] { return std::make_unique<GmmFx>(size); });
      GmmFx *c = fx.value.get();
      compile_latency(
          s, key + "result", [c] { return w6_compile(c->g); },
          [c](auto &f) {
            return f(c->alphas, c->means, c->logdiag, c->lt, c->g.a_x);
          },
          [c] {
            return w6::objective(c->g, c->alphas, c->means, c->logdiag, c->lt,
                                 c->g.a_x);
          });
    });
}

} // namespace

int main(int argc, char **argv) {
  return bench::run_main(argc, argv, nullptr, register_all);
}
