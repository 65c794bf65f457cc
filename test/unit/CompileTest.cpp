// npg::compile: compiled forward values and gradients equal eager ones;
// signatures, caching, the autograd node, no-grad mode, training.
#include "CompiledCase.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <utility>

using npg::Array;
using npg::testing::ArraysClose;

namespace {

using Case = npg::testing::CompiledCase;

std::vector<Case> cases() {
  using V = const std::vector<Array> &;
  return {
      {"add_same", [](V v) { return (v[0] + v[1]).sum(); }, {{3, 4}, {3, 4}}},
      {"add_row", [](V v) { return (v[0] + v[1]).sum(); }, {{3, 4}, {4}}},
      {"add_col", [](V v) { return (v[0] + v[1]).sum(); }, {{3, 4}, {3, 1}}},
      {"mul_outer", [](V v) { return (v[0] * v[1]).sum(); }, {{3, 1}, {1, 4}}},
      {"mul_scalar_array",
       [](V v) { return (v[0] * v[1]).sum(); },
       {{2, 3}, {}}},
      {"sub_lead",
       [](V v) { return (v[1] - v[0]).sum(); },
       {{2, 3, 4}, {3, 4}}},
      {"div", [](V v) { return (v[0] / v[1]).sum(); }, {{2, 3}, {3}}, true},
      {"pow",
       [](V v) { return npg::pow(v[0], v[1]).sum(); },
       {{2, 3}, {2, 3}},
       true},
      {"pow_scalar", [](V v) { return v[0].pow(3).sum(); }, {{5}}},
      {"scalars",
       [](V v) { return (2.0 - v[0] * 3.0 + 1.0 / (v[0] * v[0] + 1.0)).sum(); },
       {{4}}},
      {"neg_exp", [](V v) { return (-v[0]).exp().sum(); }, {{2, 3}}},
      {"log_sqrt",
       [](V v) { return (v[0].log() + v[0].sqrt()).sum(); },
       {{6}},
       true},
      {"abs_relu",
       [](V v) { return (v[0].abs() * 2 + v[0].relu()).sum(); },
       {{7}}},
      {"tanh_sigmoid",
       [](V v) { return (v[0].tanh() * v[0].sigmoid()).sum(); },
       {{3, 3}}},
      {"sign", [](V v) { return (v[0].sign() * v[0]).sum(); }, {{5}}},
      {"sum_axis0",
       [](V v) { return (v[0].sum(0) * v[0].sum(0)).sum(); },
       {{3, 4}}},
      {"sum_axis1_keep",
       [](V v) { return (v[0] * v[0].sum(1, true)).sum(); },
       {{3, 4}}},
      {"sum_axes_02",
       [](V v) {
         return v[0].sum({0, 2}).tanh().sum();
       },
       {{2, 3, 4}}},
      {"sum_neg_axis",
       [](V v) { return v[0].sum(-1).exp().sum(); },
       {{2, 3, 4}}},
      {"mean_all", [](V v) { return (v[0] * v[0]).mean(); }, {{4, 5}}},
      {"mean_axis", [](V v) { return v[0].mean(1).tanh().sum(); }, {{4, 5}}},
      {"max_axis", [](V v) { return v[0].max(1).sum(); }, {{4, 5}}},
      {"min_keep",
       [](V v) { return (v[0] - v[0].min(0, true)).sum(); },
       {{4, 5}}},
      {"max_all", [](V v) { return v[0].max() * 2; }, {{3, 3}}},
      {"matmul_2d",
       [](V v) { return v[0].matmul(v[1]).sum(); },
       {{3, 4}, {4, 2}}},
      {"matmul_vec",
       [](V v) { return v[0].matmul(v[1]).tanh().sum(); },
       {{3, 4}, {4}}},
      {"matmul_dot", [](V v) { return v[0].matmul(v[1]); }, {{4}, {4}}},
      {"matmul_batched",
       [](V v) { return npg::matmul(v[0], v[1]).sum(); },
       {{2, 3, 4}, {4, 5}}},
      {"matmul_bcast",
       [](V v) { return npg::matmul(v[0], v[1]).sum(); },
       {{2, 1, 3, 4}, {5, 4, 2}}},
      {"matmul_T", [](V v) { return v[0].T().matmul(v[0]).sum(); }, {{4, 3}}},
      // Large enough (m*n*k >= 4096) for npg-matmul-to-blas: forward and
      // backward products are BLAS calls, some on transposed views.
      {"matmul_blas",
       [](V v) { return v[0].matmul(v[1]).tanh().sum(); },
       {{48, 40}, {40, 36}}},
      {"matmul_blas_transposed",
       [](V v) { return (v[0].T().matmul(v[1].T()) * v[2]).sum(); },
       {{40, 48}, {36, 40}, {48, 36}}},
      // Batched products each large enough for BLAS: a loop over the batch
      // around one call; operands broadcast over the batch (x as in the
      // GMM objective, a size-1 batch) and transposed by swapaxes.
      {"matmul_blas_batched",
       [](V v) { return npg::matmul(v[0], v[1]).tanh().sum(); },
       {{3, 24, 20}, {20, 16}}},
      {"matmul_blas_batched_gmm",
       [](V v) {
         const Array xl = npg::matmul(v[0], npg::swapaxes(v[1], 1, 2));
         return (xl * xl).sum();
       },
       {{30, 16}, {4, 16, 16}}},
      {"matmul_blas_batched_bcast",
       [](V v) { return (npg::matmul(v[0], v[1]) * v[2]).sum(); },
       {{2, 1, 16, 20}, {3, 20, 24}, {24}}},
      {"reshape_transpose",
       [](V v) {
         return (v[0].reshape({4, 3}).T() * v[1]).sum();
       },
       {{2, 6}, {3, 4}}},
      {"permute_squeeze",
       [](V v) {
         return v[0].permute({2, 0, 1}).squeeze().exp().sum();
       },
       {{2, 1, 3}}},
      {"unsqueeze_flatten",
       [](V v) {
         return (v[0].unsqueeze(0) * v[0].unsqueeze(1)).flatten().sum();
       },
       {{3}}},
      {"slice_select",
       [](V v) {
         return (v[0].slice(1, 1, std::nullopt, 2) * v[0][0].slice(0, 0, 2))
             .sum();
       },
       {{3, 4}}},
      {"slice_negative_step",
       [](V v) {
         return (v[0].slice(0, std::nullopt, std::nullopt, -1) * v[0]).sum();
       },
       {{5}}},
      {"broadcast_to",
       [](V v) {
         return (v[0].broadcast_to({3, 4}) * v[1]).sum();
       },
       {{4}, {3, 4}}},
      {"shared_subexpression",
       [](V v) {
         const Array t = v[0] * v[1];
         return (t * t + t).sum();
       },
       {{3}, {3}}},
      {"two_outputs_used_once",
       [](V v) {
         const Array a = v[0].exp();
         return (a * a.sum()).sum();
       },
       {{4}}},
      {"cross_entropy_mlp",
       [](V v) {
         // A two-layer MLP and a stable log-softmax cross-entropy against
         // one-hot targets.
         const Array h = (v[0].matmul(v[1]) + v[2]).tanh();
         const Array logits = h.matmul(v[3]);
         const Array shifted = logits - logits.max(1, true);
         const Array logp = shifted - shifted.exp().sum(1, true).log();
         const Array onehot =
             npg::eye(3).slice(0, 0, 2).broadcast_to({2, 3}) * 1.0;
         return -(logp * onehot.astype(logp.dtype())).sum(1).mean();
       },
       {{2, 4}, {4, 5}, {5}, {5, 3}}},
  };
}

class CompiledMatchesEager : public npg::testing::CompiledSuite {};

TEST_P(CompiledMatchesEager, ValuesAndGradients) {
  npg::testing::ExpectCompiledMatchesEager(std::get<0>(GetParam()),
                                           std::get<1>(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Ops, CompiledMatchesEager,
                         npg::testing::CompiledSuiteValues(cases()),
                         npg::testing::CompiledTestName);

} // namespace

TEST(Compile, NewSignatureCompilesAgainAndNoGradRunsForwardOnly) {
  auto f = npg::compile([](const Array &x) { return (x * x).sum(); });
  Array a = npg::ones({3}, true);
  f(a);
  f(a);
  f(npg::ones({4}, true)); // new shape
  f(npg::ones({3}));       // new requires_grad
  EXPECT_EQ(f.stats().compiles, 3);
  EXPECT_EQ(f.stats().cache_hits, 1);
  EXPECT_GT(f.stats().compile_ms, 0);
  npg::NoGradGuard guard;
  f(a); // no grad: another signature, forward only
  Array y = f(a);
  EXPECT_FALSE(y.grad_fn());
  EXPECT_FALSE(y.requires_grad());
  EXPECT_EQ(y.item<double>(), 3.0);
}

TEST(Compile, UndefinedOutputsAreErrorsNamingTheOutput) {
  const Array x = npg::ones({2}, true);
  auto alone = npg::compile([](const Array &) { return Array(); });
  EXPECT_TRUE(npg::testing::ThrowsWith(
      [&] { alone(x); },
      "output 0 of the traced function is an undefined Array"));
  auto in_vector = npg::compile([](const Array &x) {
    return std::vector<Array>{x.sum(), Array(), x * 2};
  });
  EXPECT_TRUE(npg::testing::ThrowsWith(
      [&] { in_vector(x); },
      "output 1 of the traced function is an undefined Array"));
  EXPECT_EQ(in_vector.stats().compiles, 0);
}

TEST(Compile, DetachAndAstypeStopGradientsAsInEager) {
  auto fn = [](const Array &x) {
    return (x * x.detach() + x.astype(npg::float32).astype(npg::float64) * x)
        .sum();
  };
  auto compiled = npg::compile(fn);
  Array x = npg::array({1.0, -2.0, 3.0}, true);
  compiled(x);
  compiled(x).backward();
  Array y = npg::array({1.0, -2.0, 3.0}, true);
  fn(y).backward();
  EXPECT_TRUE(ArraysClose(*x.grad(), *y.grad()));
  EXPECT_TRUE(ArraysClose(*y.grad(), npg::array({2.0, -4.0, 6.0}))); // not 4x
}

TEST(Compile, AstypeResultsAreNewLeavesAsInEager) {
  // Eager astype of an array that requires grad gives a new leaf that
  // requires grad (no grad_fn); a compiled result must be one too, not the
  // output of a Compiled node.
  auto fn = [](const Array &x) {
    return std::vector<Array>{x.astype(npg::float32), (x * x).sum()};
  };
  auto compiled = npg::compile(fn);
  Array x = npg::array({1.0, 2.0}, true);
  compiled(x); // traces
  const std::vector<Array> out = compiled(x);
  const std::vector<Array> eager = fn(x);
  ASSERT_TRUE(eager[0].requires_grad() && eager[0].is_leaf());
  EXPECT_TRUE(out[0].requires_grad());
  EXPECT_TRUE(out[0].is_leaf());
  EXPECT_TRUE(ArraysClose(out[0], eager[0]));
  EXPECT_FALSE(out[1].is_leaf());
  out[1].backward();
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::array({2.0, 4.0})));
  // A function whose one scalar result is such a leaf (not a loss).
  auto leaf = npg::compile(
      [](const Array &v) { return (v * 3.0).sum().astype(npg::float32); });
  leaf(x);
  const Array y = leaf(x);
  EXPECT_TRUE(y.requires_grad());
  EXPECT_TRUE(y.is_leaf());
  EXPECT_EQ(y.item<float>(), 9.0f);
  // A returned input is the input's value with a node, as before.
  auto same = npg::compile([](const Array &v) { return v; });
  same(x);
  EXPECT_FALSE(same(x).is_leaf());
}

TEST(Compile, ResultsIndependentOfGradInputsDoNotRequireGradAsInEager) {
  // Found by npg_difftest (test/fuzz/regressions/unused_grad_input.npg): a
  // result depending only on inputs that don't require grad got a Compiled
  // node anyway, so it required grad where eager's did not.
  auto fn = [](const Array &x, const Array &c) {
    return std::vector<Array>{c.exp().sum(), (x * c).sum()};
  };
  auto compiled = npg::compile(fn);
  Array x = npg::array({1.0, 2.0}, true);
  Array c = npg::array({0.5, -1.0});
  compiled(x, c); // trace
  const std::vector<Array> out = compiled(x, c);
  const std::vector<Array> eager = fn(x, c);
  EXPECT_FALSE(eager[0].requires_grad());
  EXPECT_FALSE(out[0].requires_grad());
  EXPECT_FALSE(out[0].grad_fn());
  EXPECT_TRUE(ArraysClose(out[0], eager[0]));
  ASSERT_TRUE(out[1].requires_grad());
  out[1].backward();
  EXPECT_TRUE(ArraysClose(*x.grad(), c));
  EXPECT_TRUE(npg::testing::ThrowsWith([&] { out[0].backward(); },
                                       "does not require grad"));
}

// A loss (one scalar result) computes its gradient for a seed of 1 with its
// value; backward() scales it by the seed it is given.
TEST(Compile, LossGradientScalesWithTheSeed) {
  auto fn = [](const Array &x) { return (x.tanh() * x.exp()).sum(); };
  auto compiled = npg::compile(fn);
  Array x = npg::array({0.5, -1.0, 2.0}, true);
  compiled(x); // trace
  compiled(x).backward(npg::array(2.5));
  Array y = npg::array({0.5, -1.0, 2.0}, true);
  fn(y).backward(npg::array(2.5));
  EXPECT_TRUE(ArraysClose(*x.grad(), *y.grad()));
  x.zero_grad();
  y.zero_grad();
  compiled(x).backward(npg::array(-1.0).reshape({1, 1}).squeeze());
  fn(y).backward(npg::array(-1.0));
  EXPECT_TRUE(ArraysClose(*x.grad(), *y.grad()));
}

TEST(Compile, LossBackwardWithRetainGraphRunsAgainThenFrees) {
  auto compiled = npg::compile([](const Array &x) { return (x * x).sum(); });
  Array x = npg::array({1.0, -2.0}, true);
  compiled(x); // trace
  Array loss = compiled(x);
  loss.backward(std::nullopt, /*retain_graph=*/true);
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::array({2.0, -4.0})));
  Array first = *x.grad();
  loss.backward(); // the last backward hands its gradients over
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::array({4.0, -8.0})));
  EXPECT_TRUE(ArraysClose(first, npg::array({4.0, -8.0}))); // grad, in place
  EXPECT_TRUE(npg::testing::ThrowsWith([&] { loss.backward(); },
                                       "backward through the graph a second"));
  // The handed-over gradient is x's own: changing it changes nothing else.
  x.zero_grad();
  compiled(x).backward();
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::array({2.0, -4.0})));
}

// npg-fuse-siblings merges the three loops over x into one, whose results
// share one destination before bufferization: each must get its own buffer.
TEST(Compile, MergedSiblingLoopsWriteSeparateResults) {
  auto fn = [](const Array &x) {
    return std::vector<Array>{-x, x * x, x.exp().sum(), x.tanh().sum(0)};
  };
  auto compiled = npg::compile(fn);
  Array x = npg::random::randn({3, 5});
  compiled(x); // trace
  const std::vector<Array> got = compiled(x);
  const std::vector<Array> want = fn(x);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_TRUE(ArraysClose(got[i], want[i])) << "result " << i;
}

TEST(Compile, CompiledAndEagerMixInOneGraph) {
  Array w = npg::array({1.0, 2.0, 3.0}, true);
  auto inner = npg::compile([&](const Array &x) { return (x * w).tanh(); });
  Array x = npg::array({0.5, -0.25, 0.1});
  inner(x);                           // trace
  Array y = inner(x).exp().sum() * 2; // eager ops on a compiled result
  y.backward();
  Array w2 = npg::array({1.0, 2.0, 3.0}, true);
  ((x * w2).tanh().exp().sum() * 2).backward();
  EXPECT_TRUE(ArraysClose(*w.grad(), *w2.grad()));
}

TEST(Compile, CapturedParametersAreArgumentsSeenAfterInPlaceUpdates) {
  Array w = npg::array({1.0, 2.0}, true);
  auto f = npg::compile([&](const Array &x) { return (x * w).sum(); });
  Array x = npg::array({3.0, 4.0});
  EXPECT_EQ(f(x).item<double>(), 11.0);
  {
    npg::NoGradGuard guard;
    w += 1.0; // as an optimizer step does
  }
  EXPECT_EQ(f(x).item<double>(), 18.0);
  EXPECT_EQ(f.stats().compiles, 1);
}

TEST(Compile, TrainingTracksEagerFor100Steps) {
  auto make = [] {
    npg::random::manual_seed(3);
    return std::vector<Array>{npg::random::randn({4, 16}, true) * 0.5,
                              npg::zeros({16}, true),
                              npg::random::randn({16, 1}, true) * 0.5};
  };
  std::vector<Array> eager = make(), compiled = make();
  for (Array &p : eager)
    p = p.detach().requires_grad_();
  for (Array &p : compiled)
    p = p.detach().requires_grad_();
  npg::random::manual_seed(4);
  const Array X = npg::random::randn({64, 4});
  const Array Y = (X.slice(1, 0, 1) * X.slice(1, 1, 2)).tanh();
  auto loss_of = [&X, &Y](const std::vector<Array> &p) {
    const Array pred = (X.matmul(p[0]) + p[1]).tanh().matmul(p[2]);
    return ((pred - Y) * (pred - Y)).mean();
  };
  auto step = npg::compile([&](const Array &a, const Array &b, const Array &c) {
    return loss_of({a, b, c});
  });
  for (int i = 0; i < 100; ++i) {
    Array le = loss_of(eager);
    Array lc = step(compiled[0], compiled[1], compiled[2]);
    ASSERT_NEAR(lc.item<double>(), le.item<double>(), 1e-9) << "step " << i;
    le.backward();
    lc.backward();
    npg::NoGradGuard guard;
    for (std::vector<Array> *ps : {&eager, &compiled})
      for (Array &p : *ps) {
        p -= *p.grad() * 0.1;
        p.zero_grad();
      }
  }
  EXPECT_EQ(step.stats().compiles, 1);
  EXPECT_EQ(step.stats().cache_hits, 99);
}

TEST(Compile, DumpIrWritesEveryStage) {
  const auto dir =
      std::filesystem::temp_directory_path() / "npg-compile-dump-test";
  std::filesystem::remove_all(dir);
  ::setenv("NPG_DUMP_IR", dir.c_str(), 1);
  auto f =
      npg::compile([](const Array &x) { return (x * x).sum(); }, "square_sum");
  f(npg::ones({3}, true));
  ::unsetenv("NPG_DUMP_IR");
  int files = 0;
  bool traced = false, llvm = false;
  std::string input;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file())
      continue;
    ++files;
    const std::string name = entry.path().filename().string();
    traced = traced || name.ends_with("square_sum.mlir");
    if (name.ends_with("square_sum-input.mlir")) {
      std::ifstream in(entry.path());
      input.assign(std::istreambuf_iterator<char>(in), {});
      // The driver's input, marks included, says how to replay it.
      EXPECT_TRUE(input.starts_with("// Replay: npg-opt " + name +
                                    " --npg-compile=square_sum "
                                    "--npg-value-and-grad\n"))
          << input;
      EXPECT_NE(input.find("{npg.requires_grad}"), std::string::npos) << input;
    }
    llvm = llvm || entry.path().string().find("convert-func-to-llvm") !=
                       std::string::npos;
  }
  EXPECT_TRUE(traced);
  EXPECT_FALSE(input.empty());
  EXPECT_TRUE(llvm);
  EXPECT_GT(files, 5);
}

TEST(Compile, Expm1AndLog1pArePreciseNearZero) {
  // Against C's expm1/log1p: compiled float64 code once computed
  // exp(x) - 1 and log(1 + x) (LLVM's lowering), off by up to 100% near 0,
  // and expm1(-0) was +0.
  const std::vector<double> xs{1e-10, -1e-12, 3e-300, -0.0, 0.0, 0.25, -0.5};
  std::vector<double> e, l;
  for (double x : xs) {
    e.push_back(std::expm1(x));
    l.push_back(std::log1p(x));
  }
  const npg::Shape n{static_cast<std::int64_t>(xs.size())};
  const Array x = npg::array(xs, n);
  auto c = npg::compile([](const Array &a) {
    return std::vector<Array>{npg::expm1(a), npg::log1p(a)};
  });
  c(x); // traces (and runs eagerly)
  const std::vector<Array> out = c(x);
  ASSERT_EQ(c.stats().cache_hits, 1);
  EXPECT_TRUE(ArraysClose(out[0], npg::array(e, n), 1e-15, 0));
  EXPECT_TRUE(ArraysClose(out[1], npg::array(l, n), 1e-15, 0));
  EXPECT_TRUE(std::signbit(out[0].to_vector<double>()[3])) << "expm1(-0)";
  EXPECT_TRUE(std::signbit(out[1].to_vector<double>()[3])) << "log1p(-0)";
}

TEST(Compile, Float32TrigonometryIsSymmetricAsInEager) {
  // Compiled float32 sin, cos and tanh are polynomials (npg-math-
  // approximation); they once gave cos(-1) != cos(1) (a tie eager has,
  // so max sent its gradient elsewhere) and sin(-0) = +0.
  std::vector<double> xs{1.0, 0.5, 2.0, 3.0, 4.0, 5.5, 1e-30, 0.0, 7.25};
  const std::size_t n = xs.size();
  for (std::size_t i = 0; i < n; ++i)
    xs.push_back(-xs[i]);
  const Array x = npg::array(xs, {static_cast<std::int64_t>(xs.size())})
                      .astype(npg::float32);
  auto c = npg::compile([](const Array &a) {
    return std::vector<Array>{npg::sin(a), npg::cos(a), npg::tanh(a)};
  });
  c(x);
  const std::vector<Array> out = c(x);
  ASSERT_EQ(c.stats().cache_hits, 1);
  for (const Array &r : out) {
    const std::vector<float> v = r.to_vector<float>();
    const bool even = &r == &out[1];
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(v[i + n], even ? v[i] : -v[i]) << "at " << -xs[i];
      EXPECT_EQ(std::signbit(v[i + n]), std::signbit(v[i]) != !even)
          << "sign at " << -xs[i];
    }
  }
}

namespace {

/// The gradient of `w` for `loss`, eagerly and compiled (the second call,
/// which runs the compiled code).
std::pair<Array, Array> eagerAndCompiledGrad(
    Array w, const Array &x,
    const std::function<Array(const Array &w, const Array &x)> &loss) {
  w.zero_grad();
  loss(w, x).backward();
  const Array eager = npg::copy(*w.grad());
  auto c = npg::compile([&](const Array &in) { return loss(w, in); });
  c(x); // traces (and runs eagerly)
  w.zero_grad();
  c(x).backward();
  EXPECT_EQ(c.stats().compiles, 1);
  return {eager, *w.grad()};
}

void expectBitwiseEqual(const Array &compiled, const Array &eager) {
  const std::vector<double> c = compiled.to_vector<double>(),
                            e = eager.to_vector<double>();
  ASSERT_EQ(c.size(), e.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    EXPECT_EQ(c[i], e[i]) << "at " << i;
    EXPECT_EQ(std::signbit(c[i]), std::signbit(e[i])) << "at " << i;
  }
}

} // namespace

TEST(Compile, SliceGradientsAddUpAsInEager) {
  // w's rows are read many times (as an LSTM reads its weights at every
  // step): npg-fold-slice-gradients sums each row's gradients and inserts
  // them in groups of 16. Every element must equal eager's sum, zeros'
  // signs included: a row whose gradients are all -0 is +0 in eager (the
  // other rows' gradients add +0 to it) unless w has just that row read.
  for (const std::int64_t rows : {3, 40}) {
    SCOPED_TRACE(::testing::Message() << rows << " rows");
    std::vector<double> xs;
    for (std::int64_t r = 0; r < 2 * rows; ++r)
      for (int j = 0; j < 3; ++j)
        xs.push_back(r % rows % 5 == 0 ? -0.0 : 0.25 * double(r) - 0.125 * j);
    const Array x = npg::array(xs, {2 * rows, 3});
    const Array w = npg::ones({rows, 3}, npg::float64).requires_grad_();
    auto everyRowTwice = [&](const Array &wv, const Array &xv) {
      Array total = npg::zeros({}, npg::float64);
      for (std::int64_t r = 0; r < 2 * rows; ++r)
        total = total + (wv[r % rows] * xv[r]).sum();
      return total;
    };
    auto [eager, compiled] = eagerAndCompiledGrad(w, x, everyRowTwice);
    expectBitwiseEqual(compiled, eager);
    // Row 0's two gradients are -0; eager's sum of the inserts is +0.
    EXPECT_FALSE(std::signbit(eager.to_vector<double>()[0]));
  }

  const Array x = npg::full({6, 3}, -0.0);
  const Array w = npg::ones({4, 3}, npg::float64).requires_grad_();
  auto rowZeroOnly = [&](const Array &wv, const Array &xv) {
    return (wv[0] * xv[0]).sum() + (wv[0] * xv[5]).sum();
  };
  auto [eager1, compiled1] = eagerAndCompiledGrad(w, x, rowZeroOnly);
  expectBitwiseEqual(compiled1, eager1);
  EXPECT_TRUE(std::signbit(eager1.to_vector<double>()[0]));
}
