// The LibTorch column (PyTorch 1.13's C++ API, eager). Every workload starts
// from npg's seeded inputs, runs once and is compared with npg's eager result
// before it is timed. The inputs and npg's result are computed in a child
// process (bench::in_child), so that nothing of npg's stays in this one.
#include "common/Workloads.h"

#include <torch/torch.h>

#include <limits>
#include <map>
#include <string>

namespace {

using bench::Meter;
using npg::Array;
using torch::Tensor;
namespace w1 = bench::w1;
namespace w2 = bench::w2;
namespace w3 = bench::w3;
namespace w4 = bench::w4;
namespace w5 = bench::w5;
namespace w6 = bench::w6;
namespace w8 = bench::w8;

using bench::in_child;
using bench::Values;

/// A tensor of `shape` and `dtype` holding `v`.
Tensor tensor(const std::vector<double> &v, std::vector<int64_t> shape,
              torch::ScalarType dtype) {
  Tensor t = torch::empty(shape, dtype);
  if (static_cast<std::size_t>(t.numel()) != v.size())
    throw std::runtime_error("tensor(): size mismatch");
  if (dtype == torch::kFloat32)
    std::copy(v.begin(), v.end(), t.data_ptr<float>());
  else
    std::copy(v.begin(), v.end(), t.data_ptr<double>());
  return t;
}
Tensor f32(const std::vector<double> &v, std::vector<int64_t> shape) {
  return tensor(v, std::move(shape), torch::kFloat32);
}
Tensor f64(const std::vector<double> &v, std::vector<int64_t> shape) {
  return tensor(v, std::move(shape), torch::kFloat64);
}

std::vector<double> values(const Tensor &t) {
  const Tensor d = t.detach().to(torch::kFloat64).contiguous();
  return {d.data_ptr<double>(), d.data_ptr<double>() + d.numel()};
}

double item(const Tensor &t) { return t.item<double>(); }

void reset_grad(Tensor &t) { t.mutable_grad().reset(); }

// --- 1 -------------------------------------------------------------------------

struct W1 {
  Tensor y0, a, b;
  Tensor run() const {
    Tensor y = y0;
    for (int i = 0; i < w1::kOps / 2; ++i) {
      y = y * a;
      y = y + b;
    }
    return y;
  }
};

void w1_bench(benchmark::State &state, bool grad) {
  auto &fx = bench::once<W1>(grad ? "w1g" : "w1", [grad] {
    const Values v = in_child([grad] {
      const w1::Data d = w1::data(grad);
      npg::NoGradGuard no_grad;
      return Values{bench::values(d.y0), bench::values(d.a),
                    bench::values(d.b), bench::values(w1::run(d))};
    });
    auto t = std::make_unique<W1>(W1{f32(v[0], {w1::kSize}).requires_grad_(grad),
                                     f32(v[1], {w1::kSize}),
                                     f32(v[2], {w1::kSize})});
    std::unique_ptr<torch::NoGradGuard> guard;
    if (!grad)
      guard = std::make_unique<torch::NoGradGuard>();
    const Tensor y = t->run();
    if (grad != y.requires_grad())
      throw bench::CheckFailed("grad recording is not as asked");
    bench::check_close("y", values(y), v[3], 1e-6, 0);
    return t;
  });
  if (!fx.ok(state))
    return;
  std::unique_ptr<torch::NoGradGuard> guard;
  if (!grad)
    guard = std::make_unique<torch::NoGradGuard>();
  Meter meter(state);
  for (auto _ : state) {
    Tensor y = fx.value->run();
    benchmark::DoNotOptimize(y.data_ptr());
  }
  state.counters["ops_per_iter"] = w1::kOps;
}

// --- 2 -------------------------------------------------------------------------

void w2_bench(benchmark::State &state) {
  struct Fx {
    Tensor a, b, c;
  };
  auto &fx = bench::once<Fx>("w2", [] {
    const Values v = in_child([] {
      const w2::Data d = w2::data();
      return Values{bench::values(d.a), bench::values(d.b), bench::values(d.c),
                    bench::values(w2::run(d.a, d.b, d.c))};
    });
    auto t = std::make_unique<Fx>(
        Fx{f32(v[0], {bench::kBig}), f32(v[1], {bench::kBig}),
           f32(v[2], {bench::kBig})});
    bench::check_close("a*b+c", values(t->a * t->b + t->c), v[3], 1e-6, 1e-7);
    return t;
  });
  if (!fx.ok(state))
    return;
  const Fx &t = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    Tensor out = t.a * t.b + t.c;
    benchmark::DoNotOptimize(out.data_ptr());
  }
}

// --- 3 -------------------------------------------------------------------------

Tensor chain(const Tensor &x) {
  return torch::sum(torch::tanh(x * w3::kA + w3::kB) * torch::exp(-x) /
                    (1 + x * x));
}

void w3_bench(benchmark::State &state, bool backward) {
  auto &fx = bench::once<Tensor>(backward ? "w3b" : "w3", [backward] {
    const Values v = in_child([backward] {
      const Array x = w3::data(backward);
      const Array e = w3::run(x);
      Values out{bench::values(x), {e.item<double>()}};
      if (backward) {
        e.backward();
        out.push_back(bench::values(*x.grad()));
      }
      return out;
    });
    auto t = std::make_unique<Tensor>(
        f32(v[0], {bench::kBig}).requires_grad_(backward));
    const Tensor s = chain(*t);
    bench::check_close("chain value", item(s), v[1][0], 1e-5);
    if (backward) {
      s.backward();
      bench::check_close("chain gradient", values(t->grad()), v[2], 1e-5,
                         1e-6);
    }
    return t;
  });
  if (!fx.ok(state))
    return;
  Tensor &x = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    if (backward)
      reset_grad(x);
    const Tensor s = chain(x);
    if (backward)
      s.backward();
    benchmark::DoNotOptimize(s.data_ptr());
  }
}

// --- 4 -------------------------------------------------------------------------

void w4_bench(benchmark::State &state) {
  struct Fx {
    Tensor X, w, b;
    Tensor loss() const {
      const Tensor t = X * w + b;
      return torch::sum(t * t);
    }
  };
  auto &fx = bench::once<Fx>("w4", [] {
    const Values v = in_child([] {
      const w4::Data d = w4::data();
      const Array e = w4::run(d.X, d.w, d.b);
      e.backward();
      return Values{bench::values(d.X),         bench::values(d.w),
                    bench::values(d.b),         {e.item<double>()},
                    bench::values(*d.w.grad()), bench::values(*d.b.grad())};
    });
    auto t = std::make_unique<Fx>(
        Fx{f32(v[0], {w4::kRows, w4::kCols}),
           f32(v[1], {w4::kCols}).requires_grad_(true),
           f32(v[2], {w4::kCols}).requires_grad_(true)});
    const Tensor l = t->loss();
    l.backward();
    bench::check_close("loss", item(l), v[3][0], 1e-5);
    bench::check_close("grad w", values(t->w.grad()), v[4], 1e-4, 1e-2);
    bench::check_close("grad b", values(t->b.grad()), v[5], 1e-4, 1e-2);
    return t;
  });
  if (!fx.ok(state))
    return;
  Fx &t = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    reset_grad(t.w);
    reset_grad(t.b);
    const Tensor l = t.loss();
    l.backward();
    benchmark::DoNotOptimize(l.data_ptr());
  }
}

// --- 5 -------------------------------------------------------------------------
// Written as a LibTorch user would: addmm for the layers, the library's
// cross_entropy, torch::optim::AdamW.

struct Pinwheel {
  std::vector<Tensor> p; // W1, b1, W2, b2, W3, b3
  Tensor x, labels;
  std::unique_ptr<torch::optim::AdamW> opt;

  /// v: the six initial parameters, x, labels.
  explicit Pinwheel(const Values &v) {
    const std::vector<std::vector<int64_t>> shapes{
        {w5::kIn, w5::kHidden},     {w5::kHidden}, {w5::kHidden, w5::kHidden},
        {w5::kHidden},              {w5::kHidden, w5::kClasses},
        {w5::kClasses}};
    for (std::size_t i = 0; i < shapes.size(); ++i)
      p.push_back(f32(v[i], shapes[i]).requires_grad_(true));
    x = f32(v[6], {w5::kBatch, w5::kIn});
    labels = tensor(v[7], {w5::kBatch}, torch::kFloat64).to(torch::kInt64);
    opt = std::make_unique<torch::optim::AdamW>(
        p, torch::optim::AdamWOptions(w5::kLr)
               .betas({w5::kBeta1, w5::kBeta2})
               .eps(w5::kEps)
               .weight_decay(w5::kWeightDecay));
  }
  double step() {
    opt->zero_grad();
    Tensor h = torch::tanh(torch::addmm(p[1], x, p[0]));
    h = torch::tanh(torch::addmm(p[3], h, p[2]));
    const Tensor logits = torch::addmm(p[5], h, p[4]);
    const Tensor loss = torch::nn::functional::cross_entropy(logits, labels);
    loss.backward();
    opt->step();
    return loss.item<double>();
  }
};

void w5_bench(benchmark::State &state) {
  auto &fx = bench::once<Pinwheel>("w5", [] {
    // In the child: the data, the initial parameters, and three eager steps
    // (their losses, then the parameters after them).
    const Values v = in_child([] {
      const w5::Data d = w5::data();
      Values out;
      for (const Array &a : d.params.list())
        out.push_back(bench::values(a));
      out.push_back(bench::values(d.x));
      out.push_back(std::vector<double>(d.labels.begin(), d.labels.end()));
      w5::Params ep = w5::clone(d.params);
      w5::AdamW opt(ep.list());
      std::vector<double> losses;
      for (int i = 0; i < 3; ++i)
        losses.push_back(w5::eager_step(ep, opt, d));
      out.push_back(losses);
      for (const Array &a : ep.list())
        out.push_back(bench::values(a));
      return out;
    });
    auto t = std::make_unique<Pinwheel>(v);
    for (int i = 0; i < 3; ++i)
      bench::check_close("loss, step " + std::to_string(i), t->step(),
                         v[8][i], 1e-5);
    for (std::size_t i = 0; i < t->p.size(); ++i)
      bench::check_close("parameter " + std::to_string(i) + " after 3 steps",
                         values(t->p[i]), v[9 + i], 1e-4, 1e-6);
    return t;
  });
  if (!fx.ok(state))
    return;
  Pinwheel &t = *fx.value;
  Meter meter(state);
  for (auto _ : state)
    benchmark::DoNotOptimize(t.step());
}

// --- 6 -------------------------------------------------------------------------
// The same formulation as npg's (masked lower triangle, batched matmul,
// logsumexp via max/exp/sum/log).

struct Gmm {
  int64_t d, K, n;
  double constant;
  Tensor alphas, means, logdiag, lt, x, eye, mask;
  /// v: alphas, means, logdiag, lt, x, eye, mask, {constant}.
  Gmm(const w6::Size &s, const Values &v)
      : d(s.d), K(s.K), n(w6::kPoints), constant(v[7][0]) {
    alphas = f64(v[0], {K}).requires_grad_(true);
    means = f64(v[1], {K, d}).requires_grad_(true);
    logdiag = f64(v[2], {K, d}).requires_grad_(true);
    lt = f64(v[3], {K, d, d}).requires_grad_(true);
    x = f64(v[4], {n, d});
    eye = f64(v[5], {d, d});
    mask = f64(v[6], {d, d});
  }
  Tensor objective() const {
    const Tensor qdiag = torch::exp(logdiag);
    const Tensor sum_qs = torch::sum(logdiag, 1);
    const Tensor ltm = lt * mask;
    const Tensor L = qdiag.unsqueeze(2) * eye + ltm;
    const Tensor xL = torch::matmul(x, L.transpose(1, 2));
    const Tensor Lmu = torch::matmul(L, means.unsqueeze(2)).reshape({K, 1, d});
    const Tensor z = xL - Lmu;
    const Tensor main =
        (alphas + sum_qs).unsqueeze(1) - torch::sum(z * z, 2) * 0.5;
    const Tensor mx = std::get<0>(torch::max(main, 0, true));
    const Tensor lse =
        torch::log(torch::sum(torch::exp(main - mx), 0)) + mx.reshape({n});
    const Tensor amax = torch::max(alphas);
    const Tensor lse_alphas =
        torch::log(torch::sum(torch::exp(alphas - amax))) + amax;
    const Tensor frobenius = torch::sum(qdiag * qdiag) + torch::sum(ltm * ltm);
    return torch::sum(lse) - lse_alphas * static_cast<double>(n) +
           frobenius * (0.5 * w6::kGamma * w6::kGamma) -
           torch::sum(sum_qs) * static_cast<double>(w6::kWishartM) +
           constant;
  }
  void zero_grad() {
    for (Tensor *t : {&alphas, &means, &logdiag, &lt})
      reset_grad(*t);
  }
};

void w6_bench(benchmark::State &state, w6::Size size) {
  auto &fx = bench::once<Gmm>("w6" + w6::size_name(size), [size] {
    // In the child: the inputs, then npg's objective and gradients.
    const Values v = in_child([size] {
      const w6::Data g = w6::data(size);
      Array pa = g.a_alphas.copy().requires_grad_(true),
            pm = g.a_means.copy().requires_grad_(true),
            pd = g.a_logdiag.copy().requires_grad_(true),
            pl = g.a_lt.copy().requires_grad_(true);
      const Array e = w6::objective(g, pa, pm, pd, pl, g.a_x);
      e.backward();
      return Values{bench::values(g.a_alphas),  bench::values(g.a_means),
                    bench::values(g.a_logdiag), bench::values(g.a_lt),
                    bench::values(g.a_x),       bench::values(g.eye),
                    bench::values(g.mask),      {g.constant},
                    {e.item<double>()},         bench::values(*pa.grad()),
                    bench::values(*pm.grad()),  bench::values(*pd.grad()),
                    bench::values(*pl.grad())};
    });
    auto t = std::make_unique<Gmm>(size, v);
    const Tensor obj = t->objective();
    obj.backward();
    bench::check_close("GMM objective", item(obj), v[8][0], 1e-11);
    bench::check_close("d/dalphas", values(t->alphas.grad()), v[9], 1e-9, 1e-9);
    bench::check_close("d/dmeans", values(t->means.grad()), v[10], 1e-9, 1e-9);
    bench::check_close("d/dlogdiag", values(t->logdiag.grad()), v[11], 1e-9,
                       1e-9);
    bench::check_close("d/dlt", values(t->lt.grad()), v[12], 1e-9, 1e-9);
    return t;
  });
  if (!fx.ok(state))
    return;
  Gmm &t = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    t.zero_grad();
    const Tensor obj = t.objective();
    obj.backward();
    benchmark::DoNotOptimize(obj.data_ptr());
  }
}

// --- 8
// ------------------------------------------------------------------------- The
// same GPT written as a LibTorch user would, with torch::nn::functional over
// npg's initial parameters (by name), and torch::optim::AdamW.

struct TorchGpt {
  w8::gpt::Config config;
  std::map<std::string, Tensor> p;
  Tensor x, y, causal_mask;
  std::unique_ptr<torch::optim::AdamW> opt;

  /// v: the config's vocabulary size, x, y, then per parameter its name's
  /// characters, its shape and its values (npg's named_parameters order).
  explicit TorchGpt(const Values &v) {
    config.vocab_size = static_cast<std::int64_t>(v[0][0]);
    const std::int64_t t = config.context_size;
    x = tensor(v[1], {w8::kBatch, t}, torch::kFloat64).to(torch::kInt64);
    y = tensor(v[2], {w8::kBatch, t}, torch::kFloat64).to(torch::kInt64);
    std::vector<Tensor> list;
    for (std::size_t i = 3; i + 2 < v.size(); i += 3) {
      const std::string name(v[i].begin(), v[i].end());
      const std::vector<int64_t> shape(v[i + 1].begin(), v[i + 1].end());
      list.push_back(p[name] = f32(v[i + 2], shape).requires_grad_(true));
    }
    causal_mask = torch::ones({t, t}, torch::kBool).triu(1);
    opt = std::make_unique<torch::optim::AdamW>(
        list, torch::optim::AdamWOptions(w8::kLr));
  }

  Tensor linear(const Tensor &in, const std::string &name) const {
    return torch::nn::functional::linear(in, p.at(name + ".weight"));
  }
  Tensor layer_norm(const Tensor &in, const std::string &name) const {
    return torch::layer_norm(in, {config.embedding_dim}, p.at(name + ".weight"),
                             p.at(name + ".bias"), 1e-5);
  }

  Tensor loss() const {
    const std::int64_t b = w8::kBatch, t = config.context_size;
    const std::int64_t e = config.embedding_dim, h = config.num_heads;
    const std::int64_t d = e / h;
    Tensor z = torch::embedding(p.at("token_embedding.weight"), x) +
               torch::embedding(p.at("position_embedding.weight"),
                                torch::arange(t, torch::kInt64));
    for (std::int64_t i = 0; i < config.num_blocks; ++i) {
      const std::string block = "blocks_" + std::to_string(i);
      const std::vector<Tensor> qkv =
          linear(layer_norm(z, block + ".ln1"), block + ".attn.in_proj")
              .split(e, 2);
      const auto heads = [&](const Tensor &a) {
        return a.view({b, t, h, d}).transpose(1, 2);
      };
      const Tensor scores =
          (torch::matmul(heads(qkv[0]), heads(qkv[1]).transpose(2, 3)) /
           std::sqrt(static_cast<double>(d)))
              .masked_fill(causal_mask,
                           -std::numeric_limits<double>::infinity());
      const Tensor att =
          torch::matmul(torch::softmax(scores, -1), heads(qkv[2]))
              .transpose(1, 2)
              .reshape({b, t, e});
      z = z + linear(att, block + ".attn.out_proj");
      const Tensor up = linear(layer_norm(z, block + ".ln2"), block + ".mlp.0");
      z = z + linear(torch::gelu(up, "tanh"), block + ".mlp.2");
    }
    const Tensor logits =
        linear(layer_norm(z, "output_ln"), "output_projection");
    return torch::nn::functional::cross_entropy(
        logits.reshape({-1, config.vocab_size}), y.reshape({-1}));
  }

  double step() {
    opt->zero_grad();
    const Tensor l = loss();
    l.backward();
    opt->step();
    return l.item<double>();
  }
};

void w8_bench(benchmark::State &state) {
  auto &fx = bench::once<TorchGpt>("w8", [] {
    // In the child: the model's initial parameters, the batch, and three
    // eager steps' losses.
    const Values v = in_child([] {
      w8::Data d = w8::data();
      Values out{{static_cast<double>(d.config.vocab_size)},
                 bench::values(d.x),
                 bench::values(d.y)};
      for (const auto &[name, a] : d.model->named_parameters()) {
        out.emplace_back(name.begin(), name.end());
        out.emplace_back(a.shape().begin(), a.shape().end());
        out.push_back(bench::values(a));
      }
      out.push_back(w8::eager_losses(d, 3));
      return out;
    });
    Values params(v.begin(), v.end() - 1);
    auto t = std::make_unique<TorchGpt>(params);
    for (int i = 0; i < 3; ++i)
      bench::check_close("loss, step " + std::to_string(i), t->step(),
                         v.back()[i], 2e-5);
    return t;
  });
  if (!fx.ok(state))
    return;
  TorchGpt &t = *fx.value;
  Meter meter(state);
  for (auto _ : state)
    benchmark::DoNotOptimize(t.step());
}

void register_all() {
  using bench::add;
  add("w1_perop_nograd/torch", [](auto &s) { w1_bench(s, false); });
  add("w1_perop_grad/torch", [](auto &s) { w1_bench(s, true); });
  add("w2_mul_add/torch", w2_bench);
  add("w3_chain_fwd/torch", [](auto &s) { w3_bench(s, false); });
  add("w3_chain_fwdbwd/torch", [](auto &s) { w3_bench(s, true); });
  add("w4_bcast_fwdbwd/torch", w4_bench);
  add("w5_pinwheel_step/torch", w5_bench);
  for (const w6::Size &size : w6::sizes())
    add("w6_gmm_" + w6::size_name(size) + "/torch",
        [size](auto &s) { w6_bench(s, size); });
  add("w8_gpt_step/torch", w8_bench);
}

} // namespace

int main(int argc, char **argv) {
  return bench::run_main(
      argc, argv,
      [](int n) {
        torch::set_num_threads(n);
        at::set_num_interop_threads(1);
      },
      register_all);
}
