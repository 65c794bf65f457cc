// The LibTorch column (PyTorch 1.13's C++ API, eager). Every workload starts
// from npg's seeded inputs, runs once and is compared with npg's eager result
// in this process before it is timed.
#include "common/Workloads.h"

#include <torch/torch.h>

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

/// A copy of `a` (contiguous, float32 or float64) as a tensor.
Tensor to_torch(const Array &a) {
  const Array c = a.detach().contiguous();
  const auto dtype =
      a.dtype() == npg::float32 ? torch::kFloat32 : torch::kFloat64;
  return torch::from_blob(c.raw_data(), std::vector<int64_t>(a.shape().begin(),
                                                             a.shape().end()),
                          dtype)
      .clone();
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
    const w1::Data d = w1::data(grad);
    auto t = std::make_unique<W1>(
        W1{to_torch(d.y0).requires_grad_(grad), to_torch(d.a), to_torch(d.b)});
    std::unique_ptr<torch::NoGradGuard> guard;
    if (!grad)
      guard = std::make_unique<torch::NoGradGuard>();
    const Tensor y = t->run();
    if (grad != y.requires_grad())
      throw bench::CheckFailed("grad recording is not as asked");
    bench::check_close("y", values(y), bench::values(w1::run(d)), 1e-6, 0);
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
    const w2::Data d = w2::data();
    auto t = std::make_unique<Fx>(Fx{to_torch(d.a), to_torch(d.b), to_torch(d.c)});
    bench::check_close("a*b+c", values(t->a * t->b + t->c),
                       bench::values(w2::run(d.a, d.b, d.c)), 1e-6, 1e-7);
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
    const Array x = w3::data(backward);
    auto t = std::make_unique<Tensor>(to_torch(x).requires_grad_(backward));
    const Array e = w3::run(x);
    const Tensor s = chain(*t);
    bench::check_close("chain value", item(s), e.item<double>(), 1e-5);
    if (backward) {
      e.backward();
      s.backward();
      bench::check_close("chain gradient", values(t->grad()),
                         bench::values(*x.grad()), 1e-5, 1e-6);
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
    const w4::Data d = w4::data();
    auto t = std::make_unique<Fx>(Fx{to_torch(d.X),
                                     to_torch(d.w).requires_grad_(true),
                                     to_torch(d.b).requires_grad_(true)});
    const Array e = w4::run(d.X, d.w, d.b);
    e.backward();
    const Tensor l = t->loss();
    l.backward();
    bench::check_close("loss", item(l), e.item<double>(), 1e-5);
    bench::check_close("grad w", values(t->w.grad()), bench::values(*d.w.grad()),
                       1e-4, 1e-2);
    bench::check_close("grad b", values(t->b.grad()), bench::values(*d.b.grad()),
                       1e-4, 1e-2);
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

  explicit Pinwheel(const w5::Data &d) {
    for (const Array &a : d.params.list())
      p.push_back(to_torch(a).requires_grad_(true));
    x = to_torch(d.x);
    labels = torch::tensor(std::vector<int64_t>(d.labels.begin(), d.labels.end()),
                           torch::kInt64);
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
    const w5::Data d = w5::data();
    auto t = std::make_unique<Pinwheel>(d);
    w5::Params ep = w5::clone(d.params);
    w5::AdamW opt(ep.list());
    for (int i = 0; i < 3; ++i)
      bench::check_close("loss, step " + std::to_string(i), t->step(),
                         w5::eager_step(ep, opt, d), 1e-5);
    const std::vector<Array> want = ep.list();
    for (std::size_t i = 0; i < want.size(); ++i)
      bench::check_close("parameter " + std::to_string(i) + " after 3 steps",
                         values(t->p[i]), bench::values(want[i]), 1e-4, 1e-6);
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
  w6::Data g;
  Tensor alphas, means, logdiag, lt, x, eye, mask;
  explicit Gmm(const w6::Size &s) : g(w6::data(s)) {
    alphas = to_torch(g.a_alphas).requires_grad_(true);
    means = to_torch(g.a_means).requires_grad_(true);
    logdiag = to_torch(g.a_logdiag).requires_grad_(true);
    lt = to_torch(g.a_lt).requires_grad_(true);
    x = to_torch(g.a_x);
    eye = to_torch(g.eye);
    mask = to_torch(g.mask);
  }
  Tensor objective() const {
    const int64_t d = g.d, K = g.K, n = g.n;
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
           g.constant;
  }
  void zero_grad() {
    for (Tensor *t : {&alphas, &means, &logdiag, &lt})
      reset_grad(*t);
  }
};

void w6_bench(benchmark::State &state, w6::Size size) {
  auto &fx = bench::once<Gmm>("w6" + w6::size_name(size), [size] {
    auto t = std::make_unique<Gmm>(size);
    const w6::Data &g = t->g;
    Array pa = g.a_alphas.copy().requires_grad_(true),
          pm = g.a_means.copy().requires_grad_(true),
          pd = g.a_logdiag.copy().requires_grad_(true),
          pl = g.a_lt.copy().requires_grad_(true);
    const Array e = w6::objective(g, pa, pm, pd, pl, g.a_x);
    e.backward();
    const Tensor obj = t->objective();
    obj.backward();
    bench::check_close("GMM objective", item(obj), e.item<double>(), 1e-11);
    bench::check_close("d/dalphas", values(t->alphas.grad()),
                       bench::values(*pa.grad()), 1e-9, 1e-9);
    bench::check_close("d/dmeans", values(t->means.grad()),
                       bench::values(*pm.grad()), 1e-9, 1e-9);
    bench::check_close("d/dlogdiag", values(t->logdiag.grad()),
                       bench::values(*pd.grad()), 1e-9, 1e-9);
    bench::check_close("d/dlt", values(t->lt.grad()), bench::values(*pl.grad()),
                       1e-9, 1e-9);
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
