#pragma once
// The workloads of issue 6, written once with npg ops, with their seeded
// inputs and plain C++ (double precision) references. Every benchmark
// program includes this: npg's columns time these functions, the other
// columns check their own results against npg's eager result (and npg's
// eager result is checked against the references here).
#include "Harness.h"

#include <npg/npg.h>

#include "Corpus.h" // examples/gpt
#include "Gpt.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

namespace bench {

using npg::Array;

/// Elements of the large float32 workloads (2, 3): 4M, 16 MiB per array.
inline constexpr std::int64_t kBig = 4 * 1024 * 1024;

inline std::vector<double> values(const Array &a) {
  return a.to_vector<double>();
}

// --- 1. Per-op overhead -------------------------------------------------------
// 10,000 dependent elementwise ops on 16 float32 elements: y = y * a, then
// y = y + b, 5,000 times each.
namespace w1 {
inline constexpr std::int64_t kSize = 16;
inline constexpr int kOps = 10000;

struct Data {
  Array y0, a, b;
};
inline Data data(bool requires_grad) {
  npg::random::manual_seed(1);
  Data d;
  d.y0 = npg::random::uniform(0, 1, {kSize}, {npg::float32, requires_grad});
  d.a = npg::random::uniform(0.5, 0.9, {kSize}, npg::float32);
  d.b = npg::random::uniform(0, 0.5, {kSize}, npg::float32);
  return d;
}
inline Array run(const Data &d) {
  Array y = d.y0;
  for (int i = 0; i < kOps / 2; ++i) {
    y = y * d.a;
    y = y + d.b;
  }
  return y;
}
/// The same float32 arithmetic in a plain loop.
inline std::vector<double> reference(const Data &d) {
  std::vector<float> y = d.y0.to_vector<float>(), a = d.a.to_vector<float>(),
                     b = d.b.to_vector<float>();
  for (int i = 0; i < kOps / 2; ++i)
    for (std::int64_t j = 0; j < kSize; ++j) {
      y[j] = y[j] * a[j];
      y[j] = y[j] + b[j];
    }
  return {y.begin(), y.end()};
}
} // namespace w1

// --- 2. Large elementwise: a*b + c on 4M float32 -------------------------------
namespace w2 {
struct Data {
  Array a, b, c;
};
inline Data data() {
  npg::random::manual_seed(2);
  return {npg::random::uniform(-1, 1, {kBig}, npg::float32),
          npg::random::uniform(-1, 1, {kBig}, npg::float32),
          npg::random::uniform(-1, 1, {kBig}, npg::float32)};
}
inline Array run(const Array &a, const Array &b, const Array &c) {
  return a * b + c;
}
inline std::vector<double> reference(const Data &d) {
  const float *a = d.a.data_ptr<float>(), *b = d.b.data_ptr<float>(),
              *c = d.c.data_ptr<float>();
  std::vector<double> out(kBig);
  for (std::int64_t i = 0; i < kBig; ++i)
    out[i] = static_cast<double>(a[i]) * b[i] + c[i];
  return out;
}
} // namespace w2

// --- 3. Fused chain: sum(tanh(x*a + b) * exp(-x) / (1 + x*x)) ---------------
namespace w3 {
inline constexpr double kA = 0.7, kB = 0.3;
inline Array data(bool requires_grad) {
  npg::random::manual_seed(3);
  return npg::random::uniform(-2, 2, {kBig}, {npg::float32, requires_grad});
}
inline Array run(const Array &x) {
  return npg::sum(npg::tanh(x * kA + kB) * npg::exp(-x) / (1 + x * x));
}
/// The value and d/dx, in double.
inline std::pair<double, std::vector<double>> reference(const Array &x) {
  const float *p = x.data_ptr<float>();
  double sum = 0;
  std::vector<double> grad(kBig);
  for (std::int64_t i = 0; i < kBig; ++i) {
    const double v = p[i], t = std::tanh(v * kA + kB), e = std::exp(-v),
                 r = 1 / (1 + v * v);
    sum += t * e * r;
    grad[i] = e * r * (kA * (1 - t * t) - t - 2 * v * t * r);
  }
  return {sum, grad};
}
} // namespace w3

// --- 4. Broadcast gradients: sum((X*w + b)^2), X (4096,1024) -----------------
namespace w4 {
inline constexpr std::int64_t kRows = 4096, kCols = 1024;
struct Data {
  Array X, w, b;
};
inline Data data() {
  npg::random::manual_seed(4);
  Data d;
  d.X = npg::random::uniform(-1, 1, {kRows, kCols}, npg::float32);
  d.w = npg::random::uniform(-1, 1, {kCols}, {npg::float32, true});
  d.b = npg::random::uniform(-1, 1, {kCols}, {npg::float32, true});
  return d;
}
/// (X*w + b)^2 written as t*t: npg's pow(t, 2) goes through std::pow.
inline Array run(const Array &X, const Array &w, const Array &b) {
  const Array t = X * w + b;
  return npg::sum(t * t);
}
struct Reference {
  double loss;
  std::vector<double> gw, gb;
};
inline Reference reference(const Data &d) {
  const float *X = d.X.data_ptr<float>(), *w = d.w.data_ptr<float>(),
              *b = d.b.data_ptr<float>();
  Reference r{0, std::vector<double>(kCols), std::vector<double>(kCols)};
  for (std::int64_t i = 0; i < kRows; ++i)
    for (std::int64_t j = 0; j < kCols; ++j) {
      const double x = X[i * kCols + j], t = x * w[j] + b[j];
      r.loss += t * t;
      r.gw[j] += 2 * t * x;
      r.gb[j] += 2 * t;
    }
  return r;
}
} // namespace w4

// --- 5. numpygrad's pinwheel classifier: one training step ------------------
// Batch 512 of 5-class pinwheel data (numpygrad's examples/classification_2d:
// radial_std 0.35, tangential_std 0.09, rate 0.4), a 2-64-64-5 tanh MLP,
// cross-entropy through a stable log-softmax, AdamW (lr 1e-3, betas 0.9 /
// 0.999, eps 1e-8, weight decay 1e-2: numpygrad's and PyTorch's defaults).
namespace w5 {
inline constexpr std::int64_t kBatch = 512, kIn = 2, kHidden = 64,
                              kClasses = 5;
inline constexpr double kLr = 1e-3, kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8,
                        kWeightDecay = 1e-2;

struct Params {
  Array W1, b1, W2, b2, W3, b3; // W: (in, out), so that y = x @ W + b
  std::vector<Array> list() const { return {W1, b1, W2, b2, W3, b3}; }
};

struct Data {
  Params params;
  Array x;         // (512, 2) float32
  Array onehot;    // (512, 5) float32
  std::vector<std::int64_t> labels;
};

/// PyTorch's Linear initialisation, U(-1/sqrt(in), 1/sqrt(in)).
inline Data data() {
  npg::random::manual_seed(5);
  auto &gen = npg::random::default_generator();
  Data d;
  std::vector<float> x(kBatch * kIn), onehot(kBatch * kClasses, 0.0f);
  const double pi = std::numbers::pi;
  for (std::int64_t i = 0; i < kBatch; ++i) {
    const std::int64_t label = gen.integer(0, kClasses);
    const double radial = gen.normal01() * 0.35 + 1.0;
    const double tangential = gen.normal01() * 0.09;
    const double angle =
        2 * pi * static_cast<double>(label) / kClasses + 0.4 * std::exp(radial);
    const double c = std::cos(angle), s = std::sin(angle);
    // numpygrad: 10 * features @ [[c, -s], [s, c]]
    x[i * 2 + 0] = static_cast<float>(10 * (radial * c + tangential * s));
    x[i * 2 + 1] = static_cast<float>(10 * (-radial * s + tangential * c));
    onehot[i * kClasses + label] = 1.0f;
    d.labels.push_back(label);
  }
  d.x = npg::array(x, {kBatch, kIn});
  d.onehot = npg::array(onehot, {kBatch, kClasses});
  auto layer = [](std::int64_t in, std::int64_t out, Array &W, Array &b) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    W = npg::random::uniform(-bound, bound, {in, out}, {npg::float32, true});
    b = npg::random::uniform(-bound, bound, {out}, {npg::float32, true});
  };
  layer(kIn, kHidden, d.params.W1, d.params.b1);
  layer(kHidden, kHidden, d.params.W2, d.params.b2);
  layer(kHidden, kClasses, d.params.W3, d.params.b3);
  return d;
}

/// Copies of the initial parameters (each column trains its own).
inline Params clone(const Params &p) {
  Params c;
  Array *dst[] = {&c.W1, &c.b1, &c.W2, &c.b2, &c.W3, &c.b3};
  const std::vector<Array> src = p.list();
  for (std::size_t i = 0; i < src.size(); ++i)
    *dst[i] = src[i].detach().copy().requires_grad_(true);
  return c;
}

/// Mean cross-entropy of the MLP's logits: log-softmax via max/exp/sum/log.
inline Array loss(const Params &p, const Array &x, const Array &onehot) {
  Array h = npg::tanh(x.matmul(p.W1) + p.b1);
  h = npg::tanh(h.matmul(p.W2) + p.b2);
  const Array logits = h.matmul(p.W3) + p.b3;
  const Array shifted = logits - npg::max(logits, 1, true);
  const Array logp = shifted - npg::log(npg::sum(npg::exp(shifted), 1, true));
  return -npg::sum(onehot * logp) / static_cast<double>(kBatch);
}

/// AdamW written with npg's in-place ops, as numpygrad's optim.AdamW.
struct AdamW {
  std::vector<Array> m, v;
  int t = 0;
  explicit AdamW(const std::vector<Array> &params) {
    for (const Array &p : params) {
      m.push_back(npg::zeros_like(p));
      v.push_back(npg::zeros_like(p));
    }
  }
  void step(std::vector<Array> params) {
    npg::NoGradGuard no_grad;
    ++t;
    const double bc1 = 1 - std::pow(kBeta1, t), bc2 = 1 - std::pow(kBeta2, t);
    for (std::size_t i = 0; i < params.size(); ++i) {
      Array &p = params[i];
      const Array g = *p.grad();
      m[i] *= kBeta1;
      m[i] += g * (1 - kBeta1);
      v[i] *= kBeta2;
      v[i] += g * g * (1 - kBeta2);
      p *= 1 - kLr * kWeightDecay;
      p -= m[i] / bc1 / (npg::sqrt(v[i] / bc2) + kEps) * kLr;
    }
  }
};

/// One eager training step: zero grads, forward, backward, AdamW.
inline double eager_step(Params &p, AdamW &opt, const Data &d) {
  std::vector<Array> list = p.list();
  for (Array &a : list)
    a.zero_grad();
  const Array l = loss(p, d.x, d.onehot);
  l.backward();
  opt.step(list);
  return l.item<double>();
}

/// The loss at the initial parameters, in double.
inline double reference_loss(const Data &d) {
  auto mat = [](const Array &a) { return a.to_vector<double>(); };
  const std::vector<double> x = mat(d.x), W1 = mat(d.params.W1),
                            b1 = mat(d.params.b1), W2 = mat(d.params.W2),
                            b2 = mat(d.params.b2), W3 = mat(d.params.W3),
                            b3 = mat(d.params.b3);
  double total = 0;
  for (std::int64_t i = 0; i < kBatch; ++i) {
    std::vector<double> h1(kHidden), h2(kHidden), z(kClasses);
    for (std::int64_t j = 0; j < kHidden; ++j) {
      double s = b1[j];
      for (std::int64_t k = 0; k < kIn; ++k)
        s += x[i * kIn + k] * W1[k * kHidden + j];
      h1[j] = std::tanh(s);
    }
    for (std::int64_t j = 0; j < kHidden; ++j) {
      double s = b2[j];
      for (std::int64_t k = 0; k < kHidden; ++k)
        s += h1[k] * W2[k * kHidden + j];
      h2[j] = std::tanh(s);
    }
    double mx = -1e300;
    for (std::int64_t j = 0; j < kClasses; ++j) {
      double s = b3[j];
      for (std::int64_t k = 0; k < kHidden; ++k)
        s += h2[k] * W3[k * kClasses + j];
      z[j] = s;
      mx = std::max(mx, s);
    }
    double se = 0;
    for (double v : z)
      se += std::exp(v - mx);
    total -= z[d.labels[i]] - mx - std::log(se);
  }
  return total / kBatch;
}
} // namespace w5

// --- 6. ADBench's GMM objective, float64 --------------------------------------
// Inputs in ADBench's form: alphas (K), means (K,d), icf (K, d + d(d-1)/2):
// per component the log-diagonal of the inverse covariance factor, then its
// strictly lower triangle column by column; n points x (n,d); a Wishart
// prior (gamma 1, m 0). The array code takes the lower triangle as a dense
// (K,d,d) matrix masked to its strictly lower part (scattered from icf once,
// outside the timing); the reference works on icf directly, as ADBench's.
namespace w6 {
inline constexpr std::int64_t kPoints = 1000;
inline constexpr double kGamma = 1.0;
inline constexpr int kWishartM = 0;

struct Size {
  std::int64_t d, K;
};
inline const std::vector<Size> &sizes() {
  static const std::vector<Size> s{{2, 5}, {10, 25}, {64, 100}};
  return s;
}
inline std::string size_name(const Size &s) {
  return "d" + std::to_string(s.d) + "_K" + std::to_string(s.K);
}

struct Data {
  std::int64_t d, K, n;
  // ADBench's form, flat, row-major.
  std::vector<double> alphas, means, icf, x;
  // The array form.
  Array a_alphas, a_means, a_logdiag, a_lt, a_x; // lt: (K,d,d)
  Array eye, mask;                               // (d,d) constants
  double constant; // the terms that depend on no parameter
};

/// log of the multivariate gamma function Gamma_p(a).
inline double log_gamma_distrib(double a, std::int64_t p) {
  double out = 0.25 * static_cast<double>(p * (p - 1)) *
               std::log(std::numbers::pi);
  for (std::int64_t j = 1; j <= p; ++j)
    out += std::lgamma(a + 0.5 * static_cast<double>(1 - j));
  return out;
}

/// Inputs from a seeded generator: alphas ~ N(0,1), means ~ U(0,1),
/// icf ~ N(0, 0.1^2), x ~ N(0,1).
inline Data data(const Size &s) {
  npg::random::manual_seed(static_cast<std::uint64_t>(600 + s.d));
  auto &gen = npg::random::default_generator();
  Data g;
  g.d = s.d;
  g.K = s.K;
  g.n = kPoints;
  const std::int64_t d = s.d, K = s.K, n = kPoints,
                     icf_sz = d * (d + 1) / 2;
  for (std::int64_t i = 0; i < K; ++i)
    g.alphas.push_back(gen.normal01());
  for (std::int64_t i = 0; i < K * d; ++i)
    g.means.push_back(gen.uniform01());
  for (std::int64_t i = 0; i < K * icf_sz; ++i)
    g.icf.push_back(0.1 * gen.normal01());
  for (std::int64_t i = 0; i < n * d; ++i)
    g.x.push_back(gen.normal01());

  std::vector<double> logdiag(K * d), lt(K * d * d, 0.0), eye(d * d, 0.0),
      mask(d * d, 0.0);
  for (std::int64_t k = 0; k < K; ++k) {
    for (std::int64_t j = 0; j < d; ++j)
      logdiag[k * d + j] = g.icf[k * icf_sz + j];
    std::int64_t idx = d;
    for (std::int64_t col = 0; col < d; ++col)
      for (std::int64_t row = col + 1; row < d; ++row)
        lt[(k * d + row) * d + col] = g.icf[k * icf_sz + idx++];
  }
  for (std::int64_t r = 0; r < d; ++r)
    for (std::int64_t c = 0; c < d; ++c) {
      eye[r * d + c] = r == c;
      mask[r * d + c] = r > c;
    }
  g.a_alphas = npg::array(g.alphas, {K});
  g.a_means = npg::array(g.means, {K, d});
  g.a_logdiag = npg::array(logdiag, {K, d});
  g.a_lt = npg::array(lt, {K, d, d});
  g.a_x = npg::array(g.x, {n, d});
  g.eye = npg::array(eye, {d, d});
  g.mask = npg::array(mask, {d, d});

  const double wishart_n = static_cast<double>(d + kWishartM + 1);
  const double C = wishart_n * static_cast<double>(d) *
                       (std::log(kGamma) - 0.5 * std::log(2.0)) -
                   log_gamma_distrib(0.5 * wishart_n, d);
  g.constant = -static_cast<double>(n * d) * 0.5 *
                   std::log(2 * std::numbers::pi) -
               static_cast<double>(K) * C;
  return g;
}

/// The objective with npg ops. L_k = diag(exp(logdiag_k)) + lt_k * mask;
/// the quadratic term ||L_k (x_i - mu_k)||^2 as one batched matmul.
inline Array objective(const Data &g, const Array &alphas, const Array &means,
                       const Array &logdiag, const Array &lt, const Array &x) {
  const std::int64_t d = g.d, K = g.K, n = g.n;
  const Array qdiag = npg::exp(logdiag);                    // (K,d)
  const Array sum_qs = npg::sum(logdiag, 1);                // (K)
  const Array ltm = lt * g.mask;                            // (K,d,d)
  const Array L = qdiag.unsqueeze(2) * g.eye + ltm;         // (K,d,d)
  const Array xL = npg::matmul(x, npg::swapaxes(L, 1, 2));  // (K,n,d)
  const Array Lmu = npg::matmul(L, means.unsqueeze(2)).reshape({K, 1, d});
  const Array z = xL - Lmu;                                 // (K,n,d)
  const Array main =
      (alphas + sum_qs).unsqueeze(1) - npg::sum(z * z, 2) * 0.5; // (K,n)
  const Array mx = npg::max(main, 0, true);                      // (1,n)
  const Array lse =
      npg::log(npg::sum(npg::exp(main - mx), 0)) + mx.reshape({n});
  const Array amax = npg::max(alphas);
  const Array lse_alphas = npg::log(npg::sum(npg::exp(alphas - amax))) + amax;
  const Array frobenius = npg::sum(qdiag * qdiag) + npg::sum(ltm * ltm);
  return npg::sum(lse) - lse_alphas * static_cast<double>(n) +
         frobenius * (0.5 * kGamma * kGamma) -
         npg::sum(sum_qs) * static_cast<double>(kWishartM) + g.constant;
}

inline double logsumexp(const std::vector<double> &v) {
  const double mx = *std::max_element(v.begin(), v.end());
  double s = 0;
  for (double e : v)
    s += std::exp(e - mx);
  return std::log(s) + mx;
}

/// ADBench's gmm_objective (C++ reference implementation), on icf.
inline double reference(const Data &g, const std::vector<double> &alphas,
                        const std::vector<double> &means,
                        const std::vector<double> &icf) {
  const std::int64_t d = g.d, K = g.K, n = g.n, icf_sz = d * (d + 1) / 2;
  std::vector<double> sum_qs(K, 0.0), qdiags(K * d);
  for (std::int64_t k = 0; k < K; ++k)
    for (std::int64_t j = 0; j < d; ++j) {
      sum_qs[k] += icf[k * icf_sz + j];
      qdiags[k * d + j] = std::exp(icf[k * icf_sz + j]);
    }
  double slse = 0;
  std::vector<double> main(K), xc(d), qx(d);
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t k = 0; k < K; ++k) {
      for (std::int64_t j = 0; j < d; ++j)
        xc[j] = g.x[i * d + j] - means[k * d + j];
      for (std::int64_t j = 0; j < d; ++j)
        qx[j] = qdiags[k * d + j] * xc[j];
      std::int64_t idx = d;
      for (std::int64_t col = 0; col < d; ++col)
        for (std::int64_t row = col + 1; row < d; ++row)
          qx[row] += icf[k * icf_sz + idx++] * xc[col];
      double sq = 0;
      for (double v : qx)
        sq += v * v;
      main[k] = alphas[k] + sum_qs[k] - 0.5 * sq;
    }
    slse += logsumexp(main);
  }
  double prior = 0;
  for (std::int64_t k = 0; k < K; ++k) {
    double frob = 0;
    for (std::int64_t j = 0; j < d; ++j)
      frob += qdiags[k * d + j] * qdiags[k * d + j];
    for (std::int64_t j = d; j < icf_sz; ++j)
      frob += icf[k * icf_sz + j] * icf[k * icf_sz + j];
    prior += 0.5 * kGamma * kGamma * frob - kWishartM * sum_qs[k];
  }
  return g.constant + slse - static_cast<double>(n) * logsumexp(alphas) +
         prior;
}

/// Gradients of the array form, as the array code returns them.
struct Grads {
  std::vector<double> alphas, means, logdiag, lt;
};

/// Checks `got` (gradients in the array form) against central differences
/// of the reference on a spread of coordinates of each input, and the
/// masked-out entries of lt against zero.
inline void check_gradients(const Data &g, const Grads &got) {
  const std::int64_t d = g.d, K = g.K, icf_sz = d * (d + 1) / 2;
  auto fd = [&](int which, std::int64_t i) {
    std::vector<double> a = g.alphas, m = g.means, c = g.icf;
    std::vector<double> &v = which == 0 ? a : which == 1 ? m : c;
    const double h = 1e-5 * std::max(1.0, std::abs(v[i]));
    v[i] += h;
    const double up = reference(g, a, m, c);
    v[i] -= 2 * h;
    const double down = reference(g, a, m, c);
    return (up - down) / (2 * h);
  };
  std::vector<double> want, have;
  auto probe = [](std::int64_t count, std::int64_t i) {
    return (i * 7919) % count; // a spread of indices
  };
  // Each probe costs two evaluations of the reference: fewer for big sizes.
  const std::int64_t probes = d * K <= 250 ? 4 : 1;
  for (std::int64_t t = 0; t < probes; ++t) {
    const std::int64_t ia = probe(K, t), im = probe(K * d, t);
    want.push_back(fd(0, ia));
    have.push_back(got.alphas[ia]);
    want.push_back(fd(1, im));
    have.push_back(got.means[im]);
    // a log-diagonal entry and a lower-triangle entry of component k
    const std::int64_t k = probe(K, t + 1), j = probe(d, t);
    want.push_back(fd(2, k * icf_sz + j));
    have.push_back(got.logdiag[k * d + j]);
    if (d > 1) {
      const std::int64_t col = probe(d - 1, t), row = col + 1 + probe(d - col - 1, t);
      std::int64_t idx = d;
      for (std::int64_t c = 0; c < col; ++c)
        idx += d - 1 - c;
      idx += row - col - 1;
      want.push_back(fd(2, k * icf_sz + idx));
      have.push_back(got.lt[(k * d + row) * d + col]);
    }
  }
  check_close("GMM gradient vs central differences of ADBench's objective",
              have, want, 1e-5, 1e-6);
  for (std::int64_t k = 0; k < K; ++k)
    for (std::int64_t r = 0; r < d; ++r)
      for (std::int64_t c = r; c < d; ++c)
        if (got.lt[(k * d + r) * d + c] != 0)
          throw CheckFailed("GMM gradient: an entry on or above the diagonal "
                            "of lt has a nonzero gradient");
}

/// FLOPs of the matmuls of the objective and its gradient: x @ L_k^T for
/// every component forward, and x^T @ dZ_k for the gradient of L.
inline double gemm_flops(const Data &g) {
  return 4.0 * static_cast<double>(g.K * g.n * g.d * g.d);
}
} // namespace w6

// --- 8. numpygrad's GPT-2 training step --------------------------------------
// examples/gpt's model at numpygrad's GPT2Config (4 blocks, 4 heads, width 64,
// context 32, no dropout), float32, one batch of 32 windows of the generated
// corpus, AdamW (lr 1e-3, PyTorch's defaults otherwise).
namespace w8 {
namespace gpt = npg_examples::gpt;
inline constexpr std::int64_t kBatch = 32;
inline constexpr double kLr = 1e-3;

struct Data {
  gpt::Config config;
  std::shared_ptr<gpt::Gpt> model;
  Array x, y; // (32, 32) int64: tokens and the tokens after them
};

inline Data data() {
  npg::random::manual_seed(8);
  const gpt::CharCorpus corpus(gpt::generate_corpus(20000, 8));
  Data d;
  d.config.vocab_size = corpus.vocab_size();
  d.model = std::make_shared<gpt::Gpt>(d.config);
  const gpt::NextTokenWindows windows(corpus.tokens(), d.config.context_size);
  std::vector<std::int64_t> starts;
  for (std::int64_t i = 0; i < kBatch; ++i)
    starts.push_back(i * 601 % windows.size());
  const npg::data::Batch batch = windows.get_batch(starts);
  d.x = batch[0];
  d.y = batch[1];
  return d;
}

/// One training step as the example writes it: zero_grad, the loss,
/// backward, AdamW.
inline Array step(gpt::Gpt &model, npg::optim::AdamW &opt, const Array &x,
                  const Array &y) {
  opt.zero_grad();
  Array loss = gpt::loss(model, x, y);
  loss.backward();
  opt.step();
  return loss;
}

/// The losses of `steps` eager steps of `d`'s model from its start, with a
/// fresh AdamW: what every column checks its first steps against.
inline std::vector<double> eager_losses(Data &d, int steps) {
  npg::optim::AdamW opt(d.model->parameters(), {.lr = kLr});
  std::vector<double> losses;
  for (int i = 0; i < steps; ++i)
    losses.push_back(step(*d.model, opt, d.x, d.y).item<double>());
  return losses;
}
} // namespace w8

} // namespace bench
