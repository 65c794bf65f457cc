// The ops beyond the foundation's (trigonometry, floor/ceil, softplus, gelu,
// maximum/minimum, clip, where, prod, var/std, logsumexp, softmax,
// log_softmax, cumsum/cumprod) against LibTorch: forward values and every
// input's gradient for the same seeded inputs and upstream gradient (float64:
// rtol 1e-12; float32: rtol 1e-5). Then the ops without gradients (argmax,
// argmin, isnan, isinf, isfinite), which must match exactly.
#include "OracleCase.h"

#include <functional>
#include <limits>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace npg::torch_oracle;
using npg::Array;
using npg::DType;
using npg::Shape;
using NV = std::vector<Array>;
using TV = std::vector<torch::Tensor>;
constexpr auto None = std::nullopt;

using Case = OracleCase;

template <class F> Case same(std::string name, std::vector<Input> inputs, F f) {
  return {std::move(name), std::move(inputs), [f](const NV &x) { return f(x); },
          [f](const TV &x) { return f(x); }};
}

Case two(std::string name, std::vector<Input> inputs,
         std::function<Array(const NV &)> n,
         std::function<torch::Tensor(const TV &)> t) {
  return {std::move(name), std::move(inputs), std::move(n), std::move(t)};
}

/// A fixed bool mask of `shape`, for where's condition.
Array mask(const Shape &shape) {
  return npg::sin(npg::arange(npg::numel(shape)).reshape(shape) * 1.7) > 0.0;
}

std::vector<std::int64_t> dims(std::initializer_list<std::int64_t> d) {
  return d;
}

void add_elementwise_cases(std::vector<Case> &cases) {
  const Shape s = {2, 3, 2};
  const std::vector<Case> more = {
      same("sin", {N(s)}, [](const auto &x) { return x[0].sin(); }),
      same("cos", {N(s)}, [](const auto &x) { return x[0].cos(); }),
      same("tan", {N(s)}, [](const auto &x) { return x[0].tan(); }),
      same("sin_wide", {W(s)}, [](const auto &x) { return x[0].sin(); }),
      same("floor", {N(s)}, [](const auto &x) { return x[0].floor(); }),
      same("ceil", {N(s)}, [](const auto &x) { return x[0].ceil(); }),
      same("floor_times_x", {N(s)},
           [](const auto &x) { return (x[0] * 3.0).floor() * x[0]; }),
      two(
          "sin_fn", {N(s)}, [](const NV &x) { return npg::sin(x[0]); },
          [](const TV &x) { return torch::sin(x[0]); }),
      two(
          "cos_fn", {N(s)}, [](const NV &x) { return npg::cos(x[0]); },
          [](const TV &x) { return torch::cos(x[0]); }),
      two(
          "tan_fn", {N(s)}, [](const NV &x) { return npg::tan(x[0]); },
          [](const TV &x) { return torch::tan(x[0]); }),
      two(
          "floor_fn", {N(s)}, [](const NV &x) { return npg::floor(x[0]); },
          [](const TV &x) { return torch::floor(x[0]); }),
      two(
          "ceil_fn", {N(s)}, [](const NV &x) { return npg::ceil(x[0]); },
          [](const TV &x) { return torch::ceil(x[0]); }),
      two(
          "softplus", {N(s)}, [](const NV &x) { return npg::softplus(x[0]); },
          [](const TV &x) { return torch::softplus(x[0]); }),
      two(
          "softplus_method", {N({4, 5})},
          [](const NV &x) { return x[0].softplus(); },
          [](const TV &x) { return torch::softplus(x[0]); }),
      two(
          "gelu", {N(s)}, [](const NV &x) { return npg::gelu(x[0]); },
          [](const TV &x) { return torch::gelu(x[0], "tanh"); }),
      two(
          "gelu_method", {N({4, 5})}, [](const NV &x) { return x[0].gelu(); },
          [](const TV &x) { return torch::gelu(x[0], "tanh"); }),
      two(
          "clip", {N(s)},
          [](const NV &x) { return npg::clip(x[0], -0.5, 0.7); },
          [](const TV &x) { return torch::clamp(x[0], -0.5, 0.7); }),
      two(
          "clip_at_the_bounds", {Ties(s)},
          [](const NV &x) { return x[0].clip(1.0, 2.0); },
          [](const TV &x) { return torch::clamp(x[0], 1.0, 2.0); }),
      two(
          "clip_lo_only", {N(s)},
          [](const NV &x) { return x[0].clip(0.1, None); },
          [](const TV &x) { return torch::clamp(x[0], 0.1); }),
      two(
          "clip_hi_only", {Ties(s)},
          [](const NV &x) { return x[0].clip(None, 1); },
          [](const TV &x) { return torch::clamp(x[0], c10::nullopt, 1); }),
      two(
          "where", {N({2, 3}), N({2, 3})},
          [](const NV &x) {
            return npg::where(mask({2, 3}), x[0], x[1]);
          },
          [](const TV &x) {
            return torch::where(to_torch(mask({2, 3})), x[0], x[1]);
          }),
      two(
          "where_broadcasting", {N({4}), N({3, 4})},
          [](const NV &x) {
            return npg::where(mask({3, 1}), x[0], x[1]);
          },
          [](const TV &x) {
            return torch::where(to_torch(mask({3, 1})), x[0], x[1]);
          }),
      two(
          "where_cond_broadcast", {N({3, 1}), N({})},
          [](const NV &x) { return npg::where(mask({4}), x[0], x[1]); },
          [](const TV &x) {
            return torch::where(to_torch(mask({4})), x[0], x[1]);
          }),
      two(
          "where_scalar", {N({2, 3})},
          [](const NV &x) {
            return npg::where(mask({2, 3}), x[0], 0.5);
          },
          [](const TV &x) {
            return torch::where(to_torch(mask({2, 3})), x[0],
                                torch::scalar_tensor(0.5, x[0].options()));
          }),
      two(
          "maximum_scalar_ties", {Ties(s)},
          [](const NV &x) { return npg::maximum(x[0], 1.0); },
          [](const TV &x) {
            return torch::maximum(x[0],
                                  torch::scalar_tensor(1.0, x[0].options()));
          }),
      two(
          "minimum_scalar_ties", {Ties(s)},
          [](const NV &x) {
            return x[0].minimum(npg::array(1.0, x[0].dtype()));
          },
          [](const TV &x) {
            return torch::minimum(x[0],
                                  torch::scalar_tensor(1.0, x[0].options()));
          }),
      same("activation_chain", {N({2, 3}), N({3})},
           [](const auto &x) {
             return x[0].sin() * x[1].cos() + x[0].tan().floor() * x[1];
           }),
  };
  cases.insert(cases.end(), more.begin(), more.end());
  struct Pattern {
    std::string name;
    Shape a, b;
  };
  for (const Pattern &p : std::vector<Pattern>{{"same_2x3", {2, 3}, {2, 3}},
                                               {"2x3_3", {2, 3}, {3}},
                                               {"3x1_1x4", {3, 1}, {1, 4}},
                                               {"0d_2x3", {}, {2, 3}},
                                               {"4_3x1", {4}, {3, 1}}}) {
    cases.push_back(two(
        "maximum_" + p.name, {N(p.a), N(p.b)},
        [](const NV &x) { return npg::maximum(x[0], x[1]); },
        [](const TV &x) { return torch::maximum(x[0], x[1]); }));
    cases.push_back(two(
        "minimum_" + p.name, {N(p.a), N(p.b)},
        [](const NV &x) { return npg::minimum(x[0], x[1]); },
        [](const TV &x) { return torch::minimum(x[0], x[1]); }));
    // Values 0..2: ties everywhere, which split the gradient in half.
    cases.push_back(two(
        "maximum_ties_" + p.name, {Ties(p.a), Ties(p.b)},
        [](const NV &x) { return x[0].maximum(x[1]); },
        [](const TV &x) { return torch::maximum(x[0], x[1]); }));
    cases.push_back(two(
        "minimum_ties_" + p.name, {Ties(p.a), Ties(p.b)},
        [](const NV &x) { return x[0].minimum(x[1]); },
        [](const TV &x) { return torch::minimum(x[0], x[1]); }));
  }
}

void add_reduction_cases(std::vector<Case> &cases) {
  const Shape s = {2, 3, 4};
  const auto var = [](const torch::Tensor &t, at::OptionalIntArrayRef d,
                      std::int64_t ddof, bool keepdim) {
    return torch::var(t, d, c10::optional<std::int64_t>(ddof), keepdim);
  };
  const auto sd = [](const torch::Tensor &t, at::OptionalIntArrayRef d,
                     std::int64_t ddof, bool keepdim) {
    return torch::std(t, d, c10::optional<std::int64_t>(ddof), keepdim);
  };
  const std::vector<Case> more = {
      two(
          "prod_all", {NZ({2, 3})}, [](const NV &x) { return npg::prod(x[0]); },
          [](const TV &x) { return torch::prod(x[0]); }),
      same("prod_axis1", {NZ(s)}, [](const auto &x) { return x[0].prod(1); }),
      same("prod_axis0_keepdims", {NZ(s)},
           [](const auto &x) { return x[0].prod(0, true); }),
      two(
          "prod_two_axes", {NZ(s)},
          [](const NV &x) {
            return x[0].prod({0, 2});
          },
          [](const TV &x) { return x[0].prod(2).prod(0); }),
      // Values 0..2: lanes with one zero and with several.
      same("prod_with_zeros", {Ties({4, 5})},
           [](const auto &x) { return x[0].prod(1); }),
      two(
          "prod_all_with_zeros", {Ties({2, 2})},
          [](const NV &x) { return x[0].prod(); },
          [](const TV &x) { return x[0].prod(); }),
      two(
          "var_all", {N(s)}, [](const NV &x) { return npg::var(x[0]); },
          [var](const TV &x) { return var(x[0], c10::nullopt, 0, false); }),
      two(
          "var_axis1_ddof1", {N(s)}, [](const NV &x) { return x[0].var(1, 1); },
          [var](const TV &x) { return var(x[0], dims({1}), 1, false); }),
      two(
          "var_axes_keepdims", {N(s)},
          [](const NV &x) {
            return x[0].var({0, 2}, 0, true);
          },
          [var](const TV &x) {
            return var(x[0], dims({0, 2}), 0, true);
          }),
      two(
          "std_all_ddof1", {N(s)},
          [](const NV &x) { return npg::std(x[0], {}, 1); },
          [sd](const TV &x) { return sd(x[0], c10::nullopt, 1, false); }),
      two(
          "std_axis_neg1", {N(s)}, [](const NV &x) { return x[0].std(-1); },
          [sd](const TV &x) { return sd(x[0], dims({-1}), 0, false); }),
      two(
          "std_keepdims", {N(s)},
          [](const NV &x) { return x[0].std({1}, 0, true); },
          [sd](const TV &x) { return sd(x[0], dims({1}), 0, true); }),
      two(
          "logsumexp_all", {N(s)},
          [](const NV &x) { return npg::logsumexp(x[0]); },
          [](const TV &x) {
            return torch::logsumexp(x[0], dims({0, 1, 2}));
          }),
      two(
          "logsumexp_axis1_wide", {W(s)},
          [](const NV &x) { return x[0].logsumexp(1); },
          [](const TV &x) { return torch::logsumexp(x[0], 1); }),
      two(
          "logsumexp_keepdims", {N(s)},
          [](const NV &x) {
            return x[0].logsumexp({0, -1}, true);
          },
          [](const TV &x) {
            return torch::logsumexp(x[0], dims({0, -1}), true);
          }),
      two(
          "softmax_last", {N(s)},
          [](const NV &x) { return npg::softmax(x[0]); },
          [](const TV &x) { return torch::softmax(x[0], -1); }),
      two(
          "softmax_axis0_wide", {W(s)},
          [](const NV &x) { return x[0].softmax(0); },
          [](const TV &x) { return torch::softmax(x[0], 0); }),
      two(
          "log_softmax_last", {N(s)},
          [](const NV &x) { return npg::log_softmax(x[0]); },
          [](const TV &x) { return torch::log_softmax(x[0], -1); }),
      two(
          "log_softmax_axis1_wide", {W(s)},
          [](const NV &x) { return x[0].log_softmax(1); },
          [](const TV &x) { return torch::log_softmax(x[0], 1); }),
      two(
          "softmax_of_view", {N({4, 3})},
          [](const NV &x) { return x[0].T().softmax(); },
          [](const TV &x) { return torch::softmax(x[0].t(), -1); }),
      two(
          "cumsum_flat", {N(s)}, [](const NV &x) { return npg::cumsum(x[0]); },
          [](const TV &x) { return torch::cumsum(x[0].flatten(), 0); }),
      two(
          "cumsum_axis1", {N(s)}, [](const NV &x) { return x[0].cumsum(1); },
          [](const TV &x) { return torch::cumsum(x[0], 1); }),
      two(
          "cumsum_axis_neg1", {N(s)},
          [](const NV &x) { return x[0].cumsum(-1); },
          [](const TV &x) { return torch::cumsum(x[0], -1); }),
      two(
          "cumprod_flat", {NZ({6})},
          [](const NV &x) { return npg::cumprod(x[0]); },
          [](const TV &x) { return torch::cumprod(x[0], 0); }),
      two(
          "cumprod_axis2", {NZ(s)}, [](const NV &x) { return x[0].cumprod(2); },
          [](const TV &x) { return torch::cumprod(x[0], 2); }),
      two(
          "cumprod_with_zeros", {Ties({3, 5})},
          [](const NV &x) { return x[0].cumprod(1); },
          [](const TV &x) { return torch::cumprod(x[0], 1); }),
      two(
          "cumprod_of_view", {NZ({4, 3})},
          [](const NV &x) { return x[0].T().cumprod(0); },
          [](const TV &x) { return torch::cumprod(x[0].t(), 0); }),
  };
  cases.insert(cases.end(), more.begin(), more.end());
}

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  add_elementwise_cases(cases);
  add_reduction_cases(cases);
  return cases;
}

class TorchMoreOps : public OracleSuite {};

TEST_P(TorchMoreOps, ForwardAndGradientsMatch) {
  ExpectMatchesTorch(std::get<0>(GetParam()), std::get<1>(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Ops, TorchMoreOps, OracleSuiteValues(all_cases()),
                         OracleTestName);

// --- Edges
// ---------------------------------------------------------------------

TEST(TorchMoreOpsEdges, StableAtExtremes) {
  const double inf = std::numeric_limits<double>::infinity();
  const Array base =
      npg::array({{-800.0, -40.0, 0.0, 15.0}, {1000.0, 1000.0, -inf, 3.0}});
  for (const char *op : {"softplus", "logsumexp", "softmax", "log_softmax"}) {
    SCOPED_TRACE(op);
    const std::string name = op;
    const Array x = name == "softplus" ? base.slice(0, 0, 1) : base;
    Array nx = x.copy().requires_grad_(true);
    torch::Tensor tx = to_torch(x).requires_grad_(true);
    const Array y = name == "softplus"    ? nx.softplus()
                    : name == "logsumexp" ? nx.logsumexp(1)
                    : name == "softmax"   ? nx.softmax()
                                          : nx.log_softmax();
    const torch::Tensor ty = name == "softplus"    ? torch::softplus(tx)
                             : name == "logsumexp" ? torch::logsumexp(tx, 1)
                             : name == "softmax"   ? torch::softmax(tx, -1)
                                                   : torch::log_softmax(tx, -1);
    EXPECT_TRUE(MatchesTorch(y, ty, f64_tol));
    const Array g = npg::random::randn(y.shape());
    y.backward(g);
    ty.backward(to_torch(g));
    EXPECT_TRUE(MatchesTorch(*nx.grad(), tx.grad(), f64_tol));
  }
}

TEST(TorchMoreOpsEdges, NaNPropagation) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Array a = npg::array({1.0, nan, 3.0, nan});
  const Array b = npg::array({nan, 2.0, 1.0, nan});
  EXPECT_TRUE(MatchesTorch(npg::maximum(a, b),
                           torch::maximum(to_torch(a), to_torch(b)), exact));
  EXPECT_TRUE(MatchesTorch(npg::minimum(a, b),
                           torch::minimum(to_torch(a), to_torch(b)), exact));
  EXPECT_TRUE(MatchesTorch(npg::clip(a, 0.0, 2.0),
                           torch::clamp(to_torch(a), 0.0, 2.0), exact));
  Array x = a.copy().requires_grad_(true), y = b.copy().requires_grad_(true);
  torch::Tensor tx = to_torch(a).requires_grad_(true),
                ty = to_torch(b).requires_grad_(true);
  npg::maximum(x, y).sum().backward();
  torch::maximum(tx, ty).sum().backward();
  EXPECT_TRUE(MatchesTorch(*x.grad(), tx.grad(), exact));
  EXPECT_TRUE(MatchesTorch(*y.grad(), ty.grad(), exact));
}

// --- Without gradients: exact
// ----------------------------------------------------

TEST(TorchMoreOpsExact, ArgmaxArgmin) {
  npg::random::manual_seed(21);
  for (DType d : {npg::float64, npg::float32, npg::int64, npg::int32}) {
    SCOPED_TRACE(npg::name(d));
    // Ties: argmax/argmin return the first of them in both.
    const Array x = npg::array(draw(Ties({3, 4, 5})), {3, 4, 5}).astype(d);
    const torch::Tensor t = to_torch(x);
    EXPECT_TRUE(MatchesTorch(npg::argmax(x), torch::argmax(t), exact));
    EXPECT_TRUE(MatchesTorch(npg::argmin(x), torch::argmin(t), exact));
    for (std::int64_t axis : {0, 1, 2, -1})
      for (bool keep : {false, true}) {
        EXPECT_TRUE(MatchesTorch(x.argmax(axis, keep),
                                 torch::argmax(t, axis, keep), exact));
        EXPECT_TRUE(MatchesTorch(x.argmin(axis, keep),
                                 torch::argmin(t, axis, keep), exact));
      }
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Array n = npg::array({{1.0, nan, 5.0}, {2.0, 9.0, nan}});
  EXPECT_TRUE(MatchesTorch(n.argmax(1), torch::argmax(to_torch(n), 1), exact));
  EXPECT_TRUE(MatchesTorch(n.argmin(1), torch::argmin(to_torch(n), 1), exact));
}

TEST(TorchMoreOpsExact, Predicates) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (DType d : {npg::float64, npg::float32}) {
    const Array x = npg::array({{1.0, nan, inf}, {-inf, 0.0, -2.5}}).astype(d);
    const torch::Tensor t = to_torch(x);
    EXPECT_TRUE(MatchesTorch(npg::isnan(x), torch::isnan(t), exact));
    EXPECT_TRUE(MatchesTorch(npg::isinf(x), torch::isinf(t), exact));
    EXPECT_TRUE(MatchesTorch(npg::isfinite(x), torch::isfinite(t), exact));
  }
  const Array i = npg::arange(4);
  EXPECT_TRUE(MatchesTorch(i.isnan(), torch::isnan(to_torch(i)), exact));
  EXPECT_TRUE(MatchesTorch(i.isinf(), torch::isinf(to_torch(i)), exact));
  EXPECT_TRUE(MatchesTorch(i.isfinite(), torch::isfinite(to_torch(i)), exact));
}

TEST(TorchMoreOpsExact, IntegerProdCumsumCumprodMaximum) {
  const Array x = npg::array({{1, 2, 3}, {4, 5, 6}});
  const torch::Tensor t = to_torch(x);
  EXPECT_TRUE(MatchesTorch(x.prod(), torch::prod(t), exact));
  EXPECT_TRUE(MatchesTorch(x.prod(1), torch::prod(t, 1), exact));
  EXPECT_TRUE(MatchesTorch(x.cumsum(0), torch::cumsum(t, 0), exact));
  EXPECT_TRUE(MatchesTorch(x.cumprod(1), torch::cumprod(t, 1), exact));
  EXPECT_TRUE(MatchesTorch(npg::maximum(x, npg::array({3, 3, 3})),
                           torch::maximum(t, to_torch(npg::array({3, 3, 3}))),
                           exact));
  EXPECT_TRUE(MatchesTorch(npg::clip(x, 2, 4), torch::clamp(t, 2, 4), exact));
  EXPECT_TRUE(MatchesTorch(
      npg::where(x > 2, x, npg::array({0, -1, -2})),
      torch::where(t > 2, t, to_torch(npg::array({0, -1, -2}))), exact));
}

} // namespace
