// The practical limit (hand-written C++ loops, compiled -O3 -march=native)
// and the machine's limits (STREAM-style triad bandwidth, OpenBLAS GEMM).
// Loops write into buffers allocated once; OpenMP spreads them over
// NPG_BENCH_THREADS threads. Each loop's result is checked against npg's
// eager result before it is timed; the inputs and npg's result are computed
// in a child process (bench::in_child), so nothing of npg's stays in this one.
#include "common/Workloads.h"

#include <cblas.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include <cmath>
#include <cstdlib>
#include <memory>

// glibc's vector math (libmvec): <math.h> declares these only under
// -ffast-math. Declared here so that `#pragma omp simd` loops call
// _ZGV*_expf / _ZGV*_tanhf while keeping IEEE semantics otherwise.
extern "C" {
__attribute__((simd("notinbranch"))) float expf(float) noexcept;
__attribute__((simd("notinbranch"))) float tanhf(float) noexcept;
}

namespace {

using bench::Meter;
using npg::Array;
namespace w1 = bench::w1;
namespace w2 = bench::w2;
namespace w3 = bench::w3;
namespace w4 = bench::w4;
namespace w5 = bench::w5;
namespace w6 = bench::w6;

/// A 64-byte aligned buffer of n T, first touched by the threads that use it.
template <class T> struct Buffer {
  std::unique_ptr<T, decltype(&std::free)> p{nullptr, &std::free};
  std::int64_t n = 0;
  explicit Buffer(std::int64_t count) : n(count) {
    p.reset(static_cast<T *>(
        std::aligned_alloc(64, ((count * sizeof(T) + 63) / 64) * 64)));
    T *d = p.get();
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < count; ++i)
      d[i] = T(0);
  }
  T *data() const { return p.get(); }
  std::vector<double> values() const { return {p.get(), p.get() + n}; }
};

using bench::in_child;
using bench::Values;

template <class T> Buffer<T> from(const std::vector<double> &v) {
  Buffer<T> b(static_cast<std::int64_t>(v.size()));
  std::copy(v.begin(), v.end(), b.data());
  return b;
}

// --- 1 -------------------------------------------------------------------------

void w1_loop(float *y, const float *y0, const float *a, const float *b) {
  for (std::int64_t j = 0; j < w1::kSize; ++j)
    y[j] = y0[j];
  for (int i = 0; i < w1::kOps / 2; ++i)
    for (std::int64_t j = 0; j < w1::kSize; ++j) {
      y[j] = y[j] * a[j];
      y[j] = y[j] + b[j];
    }
}

void w1_bench(benchmark::State &state) {
  struct Fx {
    std::vector<float> y0, a, b, y = std::vector<float>(w1::kSize);
  };
  auto &fx = bench::once<Fx>("w1", [] {
    Values v = in_child([] {
      const w1::Data d = w1::data(false);
      npg::NoGradGuard no_grad;
      return Values{bench::values(d.y0), bench::values(d.a),
                    bench::values(d.b), bench::values(w1::run(d))};
    });
    auto f = std::make_unique<Fx>(Fx{{v[0].begin(), v[0].end()},
                                     {v[1].begin(), v[1].end()},
                                     {v[2].begin(), v[2].end()}});
    w1_loop(f->y.data(), f->y0.data(), f->a.data(), f->b.data());
    bench::check_close("y", std::vector<double>(f->y.begin(), f->y.end()),
                       v[3], 1e-6, 0);
    return f;
  });
  if (!fx.ok(state))
    return;
  Fx &f = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    w1_loop(f.y.data(), f.y0.data(), f.a.data(), f.b.data());
    benchmark::DoNotOptimize(f.y.data());
    benchmark::ClobberMemory();
  }
  state.counters["ops_per_iter"] = w1::kOps;
}

// --- 2 -------------------------------------------------------------------------

void w2_loop(float *out, const float *a, const float *b, const float *c,
             std::int64_t n) {
#pragma omp parallel for simd schedule(static)
  for (std::int64_t i = 0; i < n; ++i)
    out[i] = a[i] * b[i] + c[i];
}

void w2_bench(benchmark::State &state) {
  struct Fx {
    Buffer<float> a, b, c, out;
  };
  auto &fx = bench::once<Fx>("w2", [] {
    const Values v = in_child([] {
      const w2::Data d = w2::data();
      return Values{bench::values(d.a), bench::values(d.b), bench::values(d.c),
                    bench::values(w2::run(d.a, d.b, d.c))};
    });
    auto f = std::make_unique<Fx>(Fx{from<float>(v[0]), from<float>(v[1]),
                                     from<float>(v[2]),
                                     Buffer<float>(bench::kBig)});
    w2_loop(f->out.data(), f->a.data(), f->b.data(), f->c.data(), bench::kBig);
    bench::check_close("a*b+c", f->out.values(), v[3], 1e-6, 1e-7);
    return f;
  });
  if (!fx.ok(state))
    return;
  Fx &f = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    w2_loop(f.out.data(), f.a.data(), f.b.data(), f.c.data(), bench::kBig);
    benchmark::ClobberMemory();
  }
  state.counters["bytes_per_iter"] = 16.0 * bench::kBig; // 3 reads, 1 write
}

// --- 3 -------------------------------------------------------------------------

float w3_fwd(const float *x, std::int64_t n) {
  const float a = static_cast<float>(w3::kA), b = static_cast<float>(w3::kB);
  float acc = 0;
#pragma omp parallel for simd reduction(+ : acc) schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    acc += tanhf(v * a + b) * expf(-v) / (1.0f + v * v);
  }
  return acc;
}

float w3_fwdbwd(const float *x, float *grad, std::int64_t n) {
  const float a = static_cast<float>(w3::kA), b = static_cast<float>(w3::kB);
  float acc = 0;
#pragma omp parallel for simd reduction(+ : acc) schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    const float v = x[i], t = tanhf(v * a + b), e = expf(-v),
                r = 1.0f / (1.0f + v * v);
    acc += t * e * r;
    grad[i] = e * r * (a * (1.0f - t * t) - t - 2.0f * v * t * r);
  }
  return acc;
}

void w3_bench(benchmark::State &state, bool backward) {
  struct Fx {
    Buffer<float> x, grad;
  };
  auto &fx = bench::once<Fx>(backward ? "w3b" : "w3", [backward] {
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
    auto f = std::make_unique<Fx>(
        Fx{from<float>(v[0]), Buffer<float>(bench::kBig)});
    const float got = backward
                          ? w3_fwdbwd(f->x.data(), f->grad.data(), bench::kBig)
                          : w3_fwd(f->x.data(), bench::kBig);
    // float accumulation in the loop, double in npg's sum
    bench::check_close("chain value", got, v[1][0], 1e-4);
    if (backward)
      bench::check_close("chain gradient", f->grad.values(), v[2], 1e-5, 1e-6);
    return f;
  });
  if (!fx.ok(state))
    return;
  Fx &f = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    const float s = backward ? w3_fwdbwd(f.x.data(), f.grad.data(), bench::kBig)
                             : w3_fwd(f.x.data(), bench::kBig);
    benchmark::DoNotOptimize(s);
    benchmark::ClobberMemory();
  }
  state.counters["bytes_per_iter"] = (backward ? 8.0 : 4.0) * bench::kBig;
}

// --- 4 -------------------------------------------------------------------------

double w4_loop(const float *X, const float *w, const float *b, float *gw,
               float *gb) {
  constexpr std::int64_t R = w4::kRows, C = w4::kCols;
  for (std::int64_t j = 0; j < C; ++j)
    gw[j] = gb[j] = 0;
  double loss = 0;
#pragma omp parallel for reduction(+ : loss, gw[:C], gb[:C]) schedule(static)
  for (std::int64_t i = 0; i < R; ++i) {
    const float *x = X + i * C;
    float row = 0;
#pragma omp simd reduction(+ : row)
    for (std::int64_t j = 0; j < C; ++j) {
      const float t = x[j] * w[j] + b[j];
      row += t * t;
      gw[j] += 2.0f * t * x[j];
      gb[j] += 2.0f * t;
    }
    loss += row;
  }
  return loss;
}

void w4_bench(benchmark::State &state) {
  struct Fx {
    Buffer<float> X, w, b, gw, gb;
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
    auto f = std::make_unique<Fx>(Fx{from<float>(v[0]), from<float>(v[1]),
                                     from<float>(v[2]), Buffer<float>(w4::kCols),
                                     Buffer<float>(w4::kCols)});
    const double loss = w4_loop(f->X.data(), f->w.data(), f->b.data(),
                                f->gw.data(), f->gb.data());
    bench::check_close("loss", loss, v[3][0], 1e-5);
    bench::check_close("grad w", f->gw.values(), v[4], 1e-4, 1e-2);
    bench::check_close("grad b", f->gb.values(), v[5], 1e-4, 1e-2);
    return f;
  });
  if (!fx.ok(state))
    return;
  Fx &f = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        w4_loop(f.X.data(), f.w.data(), f.b.data(), f.gw.data(), f.gb.data()));
    benchmark::ClobberMemory();
  }
  state.counters["bytes_per_iter"] = 4.0 * w4::kRows * w4::kCols;
}

// --- 6: GMM objective and gradient by hand ----------------------------------
// Two passes: responsibilities r_ik = softmax_k(main_ik) (parallel over
// points), then per component (parallel over components) the gradients,
// recomputing z = L_k (x_i - mu_k):
//   d/dz = -r z,  dL_k += -r z (x_i - mu_k)^T (lower part),
//   dmu_k += r L_k^T z.

struct GmmLoop {
  std::int64_t d, K, n;
  double constant;
  std::vector<double> alphas, means, logdiag, lt, x;
  std::vector<double> L, qdiag, sum_qs, resp;
  std::vector<double> galphas, gmeans, glogdiag, glt;

  /// v: alphas, means, logdiag, lt (K,d,d), x, {constant}.
  GmmLoop(const w6::Size &s, const Values &v)
      : d(s.d), K(s.K), n(w6::kPoints), constant(v[5][0]), alphas(v[0]),
        means(v[1]), logdiag(v[2]), lt(v[3]), x(v[4]), L(K * d * d),
        qdiag(K * d), sum_qs(K), resp(n * K), galphas(K), gmeans(K * d),
        glogdiag(K * d), glt(K * d * d) {}

  /// z = L_k (x_i - mu_k); returns ||z||^2.
  double project(std::int64_t k, std::int64_t i, double *xc, double *z) const {
    const double *mu = &means[k * d], *xi = &x[i * d], *Lk = &L[k * d * d];
#pragma omp simd
    for (std::int64_t c = 0; c < d; ++c)
      xc[c] = xi[c] - mu[c];
    double sq = 0;
    for (std::int64_t r = 0; r < d; ++r) {
      const double *row = Lk + r * d;
      double s = 0;
#pragma omp simd reduction(+ : s)
      for (std::int64_t c = 0; c <= r; ++c)
        s += row[c] * xc[c];
      z[r] = s;
      sq += s * s;
    }
    return sq;
  }

  double run() {
    for (std::int64_t k = 0; k < K; ++k) {
      sum_qs[k] = 0;
      for (std::int64_t r = 0; r < d; ++r) {
        qdiag[k * d + r] = std::exp(logdiag[k * d + r]);
        sum_qs[k] += logdiag[k * d + r];
        for (std::int64_t c = 0; c < d; ++c)
          L[(k * d + r) * d + c] = r == c  ? qdiag[k * d + r]
                                   : r > c ? lt[(k * d + r) * d + c]
                                           : 0.0;
      }
    }
    // Threads only where there is work enough to pay for them.
    const bool parallel = n * K * d * d >= 100000;
    double slse = 0;
#pragma omp parallel if (parallel) reduction(+ : slse)
    {
      std::vector<double> xc(d), z(d), main(K);
#pragma omp for schedule(static)
      for (std::int64_t i = 0; i < n; ++i) {
        double mx = -INFINITY;
        for (std::int64_t k = 0; k < K; ++k) {
          main[k] =
              alphas[k] + sum_qs[k] - 0.5 * project(k, i, xc.data(), z.data());
          mx = std::max(mx, main[k]);
        }
        double se = 0;
        for (std::int64_t k = 0; k < K; ++k)
          se += std::exp(main[k] - mx);
        const double lse = std::log(se) + mx;
        for (std::int64_t k = 0; k < K; ++k)
          resp[i * K + k] = std::exp(main[k] - lse);
        slse += lse;
      }
    }
    const double lse_alphas = w6::logsumexp(alphas);
    const double g2 = w6::kGamma * w6::kGamma;
#pragma omp parallel if (parallel)
    {
      std::vector<double> xc(d), z(d), dL(d * d), dmu(d);
#pragma omp for schedule(dynamic)
      for (std::int64_t k = 0; k < K; ++k) {
        std::fill(dL.begin(), dL.end(), 0.0);
        std::fill(dmu.begin(), dmu.end(), 0.0);
        const double *Lk = &L[k * d * d];
        double rsum = 0;
        for (std::int64_t i = 0; i < n; ++i) {
          const double w = resp[i * K + k];
          rsum += w;
          project(k, i, xc.data(), z.data());
          for (std::int64_t r = 0; r < d; ++r) {
            const double wz = w * z[r];
            const double *row = Lk + r * d;
            double *drow = &dL[r * d];
#pragma omp simd
            for (std::int64_t c = 0; c <= r; ++c) {
              drow[c] -= wz * xc[c];
              dmu[c] += wz * row[c];
            }
          }
        }
        galphas[k] = rsum - static_cast<double>(n) *
                                std::exp(alphas[k] - lse_alphas);
        for (std::int64_t r = 0; r < d; ++r) {
          const double q = qdiag[k * d + r];
          gmeans[k * d + r] = dmu[r];
          glogdiag[k * d + r] =
              rsum + dL[r * d + r] * q + g2 * q * q - w6::kWishartM;
          for (std::int64_t c = 0; c < d; ++c)
            glt[(k * d + r) * d + c] =
                r > c ? dL[r * d + c] + g2 * lt[(k * d + r) * d + c] : 0.0;
        }
      }
    }
    double prior = 0;
    for (std::int64_t k = 0; k < K; ++k) {
      for (std::int64_t r = 0; r < d; ++r) {
        prior += 0.5 * g2 * qdiag[k * d + r] * qdiag[k * d + r];
        for (std::int64_t c = 0; c < r; ++c)
          prior += 0.5 * g2 * lt[(k * d + r) * d + c] * lt[(k * d + r) * d + c];
      }
      prior -= w6::kWishartM * sum_qs[k];
    }
    return constant + slse - static_cast<double>(n) * lse_alphas + prior;
  }
};

void w6_bench(benchmark::State &state, w6::Size size) {
  auto &fx = bench::once<GmmLoop>("w6" + w6::size_name(size), [size] {
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
                    bench::values(g.a_x),       {g.constant},
                    {e.item<double>()},         bench::values(*pa.grad()),
                    bench::values(*pm.grad()),  bench::values(*pd.grad()),
                    bench::values(*pl.grad())};
    });
    auto loop = std::make_unique<GmmLoop>(size, v);
    const double obj = loop->run();
    bench::check_close("GMM objective", obj, v[6][0], 1e-11);
    bench::check_close("d/dalphas", loop->galphas, v[7], 1e-9, 1e-9);
    bench::check_close("d/dmeans", loop->gmeans, v[8], 1e-9, 1e-9);
    bench::check_close("d/dlogdiag", loop->glogdiag, v[9], 1e-9, 1e-9);
    bench::check_close("d/dlt", loop->glt, v[10], 1e-9, 1e-9);
    return loop;
  });
  if (!fx.ok(state))
    return;
  GmmLoop &loop = *fx.value;
  Meter meter(state);
  for (auto _ : state)
    benchmark::DoNotOptimize(loop.run());
}

// --- Machine limits ---------------------------------------------------------

/// STREAM's triad, a = b + s*c, on float64 arrays of n elements; the
/// bytes_per_iter counter counts 3 arrays, as STREAM does. Run with 16M
/// elements (128 MiB each, 4x the L3: DRAM bandwidth) and with 512K (4 MiB
/// each, 12 MiB in all: the bandwidth of data that stays in the L3, which
/// is what repeated passes over a 16 MiB input see).
template <std::int64_t n> void triad_bench(benchmark::State &state) {
  struct Fx {
    Buffer<double> a{n}, b{n}, c{n};
  };
  auto &fx = bench::once<Fx>("triad" + std::to_string(n), [] {
    auto f = std::make_unique<Fx>();
    double *b = f->b.data(), *c = f->c.data();
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < n; ++i) {
      b[i] = 1.0;
      c[i] = 2.0;
    }
    return f;
  });
  if (!fx.ok(state))
    return;
  double *a = fx.value->a.data();
  const double *b = fx.value->b.data(), *c = fx.value->c.data();
  const double s = 3.0;
  Meter meter(state);
  for (auto _ : state) {
#pragma omp parallel for simd schedule(static)
    for (std::int64_t i = 0; i < n; ++i)
      a[i] = b[i] + s * c[i];
    benchmark::ClobberMemory();
  }
  if (a[n / 2] != 7.0)
    state.SkipWithError("triad computed the wrong values");
  state.counters["bytes_per_iter"] = 24.0 * n;
}

/// OpenBLAS GEMM on n x n matrices: the rate the GEMM-bound rows are held to.
template <class T> void gemm_bench(benchmark::State &state) {
  constexpr std::int64_t n = 2048;
  struct Fx {
    std::vector<T> a, b, c;
  };
  auto &fx = bench::once<Fx>(sizeof(T) == 4 ? "sgemm" : "dgemm", [] {
    auto f = std::make_unique<Fx>(Fx{std::vector<T>(n * n, T(1)),
                                     std::vector<T>(n * n, T(0.5)),
                                     std::vector<T>(n * n, T(0))});
    return f;
  });
  if (!fx.ok(state))
    return;
  Fx &f = *fx.value;
  Meter meter(state);
  for (auto _ : state) {
    if constexpr (sizeof(T) == 4)
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f,
                  f.a.data(), n, f.b.data(), n, 0.0f, f.c.data(), n);
    else
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0,
                  f.a.data(), n, f.b.data(), n, 0.0, f.c.data(), n);
    benchmark::ClobberMemory();
  }
  if (f.c[n + 1] != T(0.5) * n)
    state.SkipWithError("gemm computed the wrong values");
  state.counters["flops_per_iter"] = 2.0 * n * n * n;
}

void register_all() {
  using bench::add;
  add("w1_perop_nograd/loop", w1_bench);
  add("w2_mul_add/loop", w2_bench);
  add("w3_chain_fwd/loop", [](auto &s) { w3_bench(s, false); });
  add("w3_chain_fwdbwd/loop", [](auto &s) { w3_bench(s, true); });
  add("w4_bcast_fwdbwd/loop", w4_bench);
  for (const w6::Size &size : w6::sizes())
    add("w6_gmm_" + w6::size_name(size) + "/loop",
        [size](auto &s) { w6_bench(s, size); });
  add("limit_triad/machine", triad_bench<16 * 1024 * 1024>);
  add("limit_triad_l3/machine", triad_bench<512 * 1024>);
  add("limit_sgemm/machine", gemm_bench<float>);
  add("limit_dgemm/machine", gemm_bench<double>);
}

} // namespace

int main(int argc, char **argv) {
  return bench::run_main(
      argc, argv,
      [](int n) {
#ifdef _OPENMP
        omp_set_num_threads(n);
#else
        (void)n;
#endif
      },
      register_all);
}
