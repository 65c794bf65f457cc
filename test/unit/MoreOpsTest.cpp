// The ops of issue 5's op table beyond the foundation's: trigonometry,
// floor/ceil, softplus, gelu, maximum/minimum, clip, where, predicates, prod,
// argmax/argmin, var/std, logsumexp, softmax/log_softmax, cumsum/cumprod.
// Gradients against finite differences (npg::gradcheck) in float64 and
// float32, exact values at the points gradcheck cannot look at, errors, and
// what traces record.
#include "Expect.h"
#include "GradcheckCase.h"

#include "npg/IR/TraceGraph.h"

#include <cmath>
#include <functional>
#include <limits>
#include <ostream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

using npg::Array;
using npg::Shape;
using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;
using V = std::vector<Array>;
using Fn = std::function<Array(const V &)>;
constexpr auto None = std::nullopt;
constexpr double inf = std::numeric_limits<double>::infinity();
const double nan = std::numeric_limits<double>::quiet_NaN();

// --- Inputs ------------------------------------------------------------------

using npg::testing::D;
using npg::testing::Input;
using npg::testing::N;
using npg::testing::NZ;
using npg::testing::P;
using npg::testing::S;
using npg::testing::seed_of;
using npg::testing::W;

using Case = npg::testing::GradcheckCase;
using npg::testing::grad_of;

/// A fixed bool mask of `shape` (not an input: it has no gradient).
Array mask(const Shape &shape) {
  const Array i = npg::arange(npg::numel(shape)).reshape(shape);
  return npg::sin(i * 1.7) > 0.0;
}

std::vector<Case> elementwise_cases() {
  const Shape s = {2, 3, 2};
  std::vector<Case> cases = {
      {"sin", [](const V &x) { return npg::sin(x[0]); }, {N(s)}},
      {"cos", [](const V &x) { return npg::cos(x[0]); }, {N(s)}},
      {"tan", [](const V &x) { return npg::tan(x[0]); }, {S(s)}},
      {"sin_method", [](const V &x) { return x[0].sin(); }, {W({7})}},
      {"cos_method", [](const V &x) { return x[0].cos(); }, {W({7})}},
      {"tan_method", [](const V &x) { return x[0].tan(); }, {S({5})}},
      {"floor_times_x",
       [](const V &x) { return npg::floor(x[0] * 3.0) * x[0]; },
       {NZ(s)}},
      {"ceil_times_x", [](const V &x) { return x[0].ceil() * x[0]; }, {NZ(s)}},
      {"softplus", [](const V &x) { return npg::softplus(x[0]); }, {N(s)}},
      {"softplus_wide", [](const V &x) { return x[0].softplus(); }, {W(s)}},
      {"gelu", [](const V &x) { return npg::gelu(x[0]); }, {N(s)}},
      {"gelu_wide", [](const V &x) { return x[0].gelu(); }, {W(s)}},
      {"clip_both",
       [](const V &x) { return npg::clip(x[0], -0.5, 0.7); },
       {N(s)}},
      {"clip_lo_only",
       [](const V &x) { return npg::clip(x[0], 0.1, None); },
       {N(s)}},
      {"clip_hi_only", [](const V &x) { return x[0].clip(None, 0); }, {N(s)}},
      {"clip_of_view",
       [](const V &x) { return x[0].T().clip(-1, 1); },
       {N({3, 4})}},
      {"where",
       [](const V &x) {
         return npg::where(mask({2, 3}), x[0], x[1]);
       },
       {N({2, 3}), N({2, 3})}},
      {"where_broadcasting",
       [](const V &x) {
         return npg::where(mask({3, 1}), x[0], x[1]);
       },
       {N({4}), N({3, 4})}},
      {"where_cond_broadcast",
       [](const V &x) { return npg::where(mask({4}), x[0], x[1]); },
       {N({3, 1}), N({})}},
      {"where_scalar_right",
       [](const V &x) {
         return npg::where(mask({2, 3}), x[0], 0.5);
       },
       {N({2, 3})}},
      {"where_scalar_left",
       [](const V &x) {
         return npg::where(mask({2, 3}), -1.0, x[0]);
       },
       {N({3})}},
      {"where_same_array",
       [](const V &x) { return npg::where(x[0] > 0.0, x[0], x[0] * x[0]); },
       {NZ(s)}},
      {"maximum_scalar",
       [](const V &x) { return npg::maximum(x[0], 0.25); },
       {NZ(s)}},
      {"minimum_scalar",
       [](const V &x) { return npg::minimum(x[0], -0.25); },
       {NZ(s)}},
      {"maximum_method",
       [](const V &x) { return x[0].maximum(x[1]); },
       {D({2, 3}), D({3})}},
      {"minimum_method",
       [](const V &x) { return x[0].minimum(x[1]); },
       {N({2, 1}), N({1, 3})}},
      {"activations_chain",
       [](const V &x) {
         return npg::gelu(x[0]) * npg::softplus(x[1]).sin() +
                npg::clip(x[0], -0.3, 0.3);
       },
       {N({2, 3}), N({3})}},
  };
  struct Pattern {
    std::string name;
    Shape a, b;
  };
  for (const Pattern &p : std::vector<Pattern>{{"same_2x3", {2, 3}, {2, 3}},
                                               {"2x3_3", {2, 3}, {3}},
                                               {"3x1_1x4", {3, 1}, {1, 4}},
                                               {"0d_2x3", {}, {2, 3}},
                                               {"4_3x1", {4}, {3, 1}}}) {
    cases.push_back({"maximum_" + p.name,
                     [](const V &x) { return npg::maximum(x[0], x[1]); },
                     {N(p.a), N(p.b)}});
    cases.push_back({"minimum_" + p.name,
                     [](const V &x) { return npg::minimum(x[0], x[1]); },
                     {N(p.a), N(p.b)}});
  }
  return cases;
}

std::vector<Case> reduction_cases() {
  const Shape s = {2, 3, 4};
  std::vector<Case> cases = {
      {"prod_all", [](const V &x) { return npg::prod(x[0]); }, {P({2, 3})}},
      {"prod_axis1", [](const V &x) { return x[0].prod(1); }, {NZ(s)}},
      {"prod_axes_keepdims",
       [](const V &x) {
         return x[0].prod({0, 2}, true);
       },
       {NZ(s)}},
      {"prod_0d", [](const V &x) { return x[0].prod(); }, {N({})}},
      {"prod_of_view",
       [](const V &x) { return x[0].T().prod(-1); },
       {NZ({4, 3})}},
      {"var_all", [](const V &x) { return npg::var(x[0]); }, {N(s)}},
      {"var_axis_ddof1", [](const V &x) { return x[0].var(1, 1); }, {N(s)}},
      {"var_axes_keepdims",
       [](const V &x) {
         return npg::var(x[0], {0, 2}, 0, true);
       },
       {N(s)}},
      {"std_all", [](const V &x) { return npg::std(x[0]); }, {N(s)}},
      {"std_axis_ddof1", [](const V &x) { return x[0].std(-1, 1); }, {N(s)}},
      {"std_keepdims",
       [](const V &x) { return npg::std(x[0], 0, 0, true); },
       {N(s)}},
      {"logsumexp_all",
       [](const V &x) { return npg::logsumexp(x[0]); },
       {N(s)}},
      {"logsumexp_axis", [](const V &x) { return x[0].logsumexp(1); }, {W(s)}},
      {"logsumexp_keepdims",
       [](const V &x) {
         return npg::logsumexp(x[0], {0, -1}, true);
       },
       {N(s)}},
      {"softmax_last", [](const V &x) { return npg::softmax(x[0]); }, {N(s)}},
      {"softmax_axis0", [](const V &x) { return x[0].softmax(0); }, {W(s)}},
      {"softmax_0d", [](const V &x) { return x[0].softmax(); }, {N({})}},
      {"log_softmax_last",
       [](const V &x) { return npg::log_softmax(x[0]); },
       {N(s)}},
      {"log_softmax_axis1",
       [](const V &x) { return x[0].log_softmax(1); },
       {W(s)}},
      {"softmax_of_view",
       [](const V &x) { return x[0].T().softmax(-1); },
       {N({4, 3})}},
      {"cumsum_flat", [](const V &x) { return npg::cumsum(x[0]); }, {N(s)}},
      {"cumsum_axis1", [](const V &x) { return x[0].cumsum(1); }, {N(s)}},
      {"cumsum_axis_neg1",
       [](const V &x) { return npg::cumsum(x[0], -1); },
       {N(s)}},
      {"cumprod_flat",
       [](const V &x) { return npg::cumprod(x[0]); },
       {NZ({6})}},
      {"cumprod_axis0", [](const V &x) { return x[0].cumprod(0); }, {NZ(s)}},
      {"cumprod_axis2", [](const V &x) { return x[0].cumprod(2); }, {NZ(s)}},
      {"cumprod_of_view",
       [](const V &x) { return x[0].T().cumprod(1); },
       {NZ({4, 3})}},
      {"cross_entropy_like",
       [](const V &x) {
         return -(npg::log_softmax(x[0]) * mask({3, 4})).sum(-1).mean();
       },
       {N({3, 4})}},
  };
  return cases;
}

std::vector<Case> all_cases() {
  std::vector<Case> cases = elementwise_cases();
  const std::vector<Case> more = reduction_cases();
  cases.insert(cases.end(), more.begin(), more.end());
  return cases;
}

class MoreOpsGradcheck
    : public ::testing::TestWithParam<std::tuple<Case, npg::DType>> {};

TEST_P(MoreOpsGradcheck, MatchesFiniteDifferences) {
  const auto &[c, dtype] = GetParam();
  npg::testing::expect_gradcheck(c, dtype);
}

INSTANTIATE_TEST_SUITE_P(
    Ops, MoreOpsGradcheck,
    ::testing::Combine(::testing::ValuesIn(all_cases()),
                       ::testing::Values(npg::float64, npg::float32)),
    [](const ::testing::TestParamInfo<MoreOpsGradcheck::ParamType> &info) {
      return std::get<0>(info.param).name +
             (std::get<1>(info.param) == npg::float32 ? "_f32" : "_f64");
    });

// --- Elementwise: values and the points gradcheck cannot look at -------------

TEST(MoreElementwise, ValuesAndDtypes) {
  const Array x = npg::array({-1.5, -0.5, 0.0, 0.5, 2.0});
  EXPECT_TRUE(
      ArraysClose(npg::floor(x), npg::array({-2.0, -1.0, 0.0, 0.0, 2.0})));
  EXPECT_TRUE(
      ArraysClose(npg::ceil(x), npg::array({-1.0, -0.0, 0.0, 1.0, 2.0})));
  EXPECT_TRUE(
      ArraysClose(npg::sin(x), npg::array({std::sin(-1.5), std::sin(-0.5), 0.0,
                                           std::sin(0.5), std::sin(2.0)})));
  EXPECT_EQ(npg::cos(npg::arange(3)).dtype(), npg::float64);
  EXPECT_EQ(npg::tan(npg::ones({2}, npg::float32)).dtype(), npg::float32);
  EXPECT_EQ(npg::floor(npg::arange(3)).dtype(), npg::float64);
  // softplus never overflows and is x for large x.
  EXPECT_TRUE(ArraysClose(npg::softplus(npg::array({-800.0, 0.0, 800.0})),
                          npg::array({0.0, std::log(2.0), 800.0})));
  EXPECT_TRUE(ArraysClose(
      npg::gelu(npg::array({0.0, 1.0, -1.0})),
      npg::array({0.0, 0.8411919906082768, -0.15880800939172324}), 1e-15));
}

// gelu runs its tanh through the vector kernels in blocks: every block, the
// tail, views and integers give the formula's value (float64 reference).
TEST(MoreElementwise, GeluOverBlocksViewsAndIntegers) {
  const auto reference = [](double v) {
    return 0.5 * v *
           (1 + std::tanh(0.7978845608028654 * (v + 0.044715 * v * v * v)));
  };
  const Array x = (npg::arange(5003) - 2500.0) * 0.004;
  for (const Array &in : {x.astype(npg::float32), x.reshape({5003, 1}).T(),
                          x.slice(0, 7, None, 3)}) {
    const Array y = npg::gelu(in);
    EXPECT_EQ(y.shape(), in.shape());
    const std::vector<double> got = y.astype(npg::float64).to_vector<double>();
    const std::vector<double> v = in.astype(npg::float64).to_vector<double>();
    const double tol = in.dtype() == npg::float32 ? 4e-7 : 1e-15;
    for (std::size_t i = 0; i < v.size(); ++i)
      ASSERT_NEAR(got[i], reference(v[i]), tol * (1 + std::abs(v[i])))
          << "element " << i << " of " << v.size();
  }
  EXPECT_TRUE(ArraysClose(npg::gelu(npg::arange(-2, 3)),
                          npg::array({reference(-2), reference(-1), 0.0,
                                      reference(1), reference(2)}),
                          1e-15));
}

TEST(MoreElementwise, FloorCeilHaveZeroGradient) {
  Array x = npg::array({-1.5, 0.0, 2.0, 3.7}, true);
  Array y = npg::floor(x);
  ASSERT_TRUE(y.grad_fn());
  EXPECT_EQ(y.grad_fn()->name(), "Floor");
  EXPECT_TRUE(
      ArraysClose(grad_of(x, (y + npg::ceil(x)).sum()), npg::zeros({4})));
  EXPECT_EQ(npg::ceil(x).grad_fn()->name(), "Ceil");
}

TEST(MoreElementwise, MaximumMinimumTiesSplitTheGradient) {
  Array a = npg::array({1.0, 2.0, 3.0}, true);
  Array b = npg::array({2.0, 2.0, 1.0}, true);
  Array y = npg::maximum(a, b);
  EXPECT_EQ(y.grad_fn()->name(), "Maximum");
  EXPECT_TRUE(ArraysClose(y, npg::array({2.0, 2.0, 3.0})));
  y.backward(npg::array({10.0, 10.0, 10.0}));
  EXPECT_TRUE(ArraysClose(*a.grad(), npg::array({0.0, 5.0, 10.0})));
  EXPECT_TRUE(ArraysClose(*b.grad(), npg::array({10.0, 5.0, 0.0})));

  Array c = npg::array({1.0, 2.0, 3.0}, true);
  Array m = npg::minimum(c, npg::array(2.0));
  EXPECT_TRUE(ArraysClose(grad_of(c, m.sum()), npg::array({1.0, 0.5, 0.0})));
  // A broadcast operand collects the gradient of every element it won.
  Array s = npg::array(2.0, true);
  npg::maximum(npg::array({1.0, 2.0, 3.0}), s).sum().backward();
  EXPECT_TRUE(ArraysClose(*s.grad(), npg::array(1.5)));
}

TEST(MoreElementwise, MaximumMinimumPropagateNaNAndPromote) {
  const Array a = npg::array({1.0, nan, 3.0});
  const Array b = npg::array({nan, 2.0, 1.0});
  EXPECT_TRUE(ArraysClose(npg::maximum(a, b), npg::array({nan, nan, 3.0})));
  EXPECT_TRUE(ArraysClose(npg::minimum(a, b), npg::array({nan, nan, 1.0})));
  EXPECT_EQ(npg::maximum(npg::arange(3), npg::ones({3}, npg::float32)).dtype(),
            npg::float64);
  EXPECT_EQ(npg::maximum(npg::arange(3), 1).dtype(), npg::int64);
  EXPECT_EQ(npg::minimum(npg::arange(3), 1.5).dtype(), npg::float64);
  EXPECT_EQ(npg::maximum(npg::arange(3), 1).to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{1, 1, 2}));
}

TEST(MoreElementwise, ClipGradientIsOneOnTheClosedInterval) {
  Array x = npg::array({-2.0, -1.0, 0.0, 1.0, 2.0}, true);
  Array y = npg::clip(x, -1.0, 1.0);
  EXPECT_EQ(y.grad_fn()->name(), "Clip");
  EXPECT_TRUE(ArraysClose(y, npg::array({-1.0, -1.0, 0.0, 1.0, 1.0})));
  EXPECT_TRUE(
      ArraysClose(grad_of(x, y.sum()), npg::array({0.0, 1.0, 1.0, 1.0, 0.0})));
  // lo > hi gives hi everywhere, as numpy's minimum(maximum(x, lo), hi).
  EXPECT_TRUE(ArraysClose(npg::clip(npg::array({0.0, 5.0}), 3.0, 1.0),
                          npg::array({1.0, 1.0})));
  EXPECT_TRUE(ArraysClose(npg::clip(npg::array({nan, 5.0}), 0.0, 1.0),
                          npg::array({nan, 1.0})));
  EXPECT_EQ(npg::clip(npg::arange(5), 1, 3).to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{1, 1, 2, 3, 3}));
  EXPECT_EQ(npg::clip(npg::arange(5), 0.5, None).dtype(), npg::float64);
  EXPECT_EQ(npg::clip(npg::ones({2}, npg::float32), 0.5, 2.0).dtype(),
            npg::float32);
}

TEST(MoreElementwise, WhereSelectsAndRoutesGradients) {
  Array a = npg::array({1.0, 2.0, 3.0}, true);
  Array b = npg::array({{10.0}, {20.0}}, true);
  const Array cond = npg::array({true, false, true});
  Array y = npg::where(cond, a, b);
  EXPECT_EQ(y.grad_fn()->name(), "Where");
  EXPECT_TRUE(ArraysClose(y, npg::array({{1.0, 10.0, 3.0}, {1.0, 20.0, 3.0}})));
  y.sum().backward();
  EXPECT_TRUE(ArraysClose(*a.grad(), npg::array({2.0, 0.0, 2.0})));
  EXPECT_TRUE(ArraysClose(*b.grad(), npg::array({{1.0}, {1.0}})));
  EXPECT_EQ(npg::where(cond, npg::arange(3), 1.5).dtype(), npg::float64);
  EXPECT_EQ(npg::where(cond, 7, npg::arange(3)).to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{7, 1, 7}));
}

TEST(MoreElementwise, Predicates) {
  const Array x = npg::array({1.0, nan, inf, -inf, 0.0});
  EXPECT_EQ(npg::isnan(x).to_vector<bool>(),
            (std::vector<bool>{false, true, false, false, false}));
  EXPECT_EQ(x.isinf().to_vector<bool>(),
            (std::vector<bool>{false, false, true, true, false}));
  EXPECT_EQ(npg::isfinite(x).to_vector<bool>(),
            (std::vector<bool>{true, false, false, false, true}));
  EXPECT_EQ(npg::isfinite(npg::arange(2)).to_vector<bool>(),
            (std::vector<bool>{true, true}));
  EXPECT_EQ(npg::isnan(npg::arange(2)).to_vector<bool>(),
            (std::vector<bool>{false, false}));
  Array r = npg::array({1.0, nan}, true);
  const Array p = npg::isnan(r * 2.0);
  EXPECT_EQ(p.dtype(), npg::bool_);
  EXPECT_FALSE(p.grad_fn());
  EXPECT_FALSE(p.requires_grad());
}

TEST(MoreElementwise, Errors) {
  EXPECT_TRUE(ThrowsWith(
      [] { npg::where(npg::ones({3}), npg::ones({3}), npg::zeros({3})); },
      "where: the condition must be a bool array, but it has dtype float64 "
      "(shape (3,))"));
  EXPECT_TRUE(ThrowsWith(
      [] { npg::where(npg::ones({3}) > 0.0, npg::ones({2}), npg::zeros({3})); },
      "operands could not be broadcast together with shapes (2,) (3,)"));
  EXPECT_TRUE(ThrowsWith([] { npg::clip(npg::ones({3}), None, None); },
                         "at least one of the bounds"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::maximum(npg::ones({2, 3}), npg::ones({4}));
      },
      "operands could not be broadcast together with shapes (2,3) (4,)"));
}

// --- Reductions
// ------------------------------------------------------------------

TEST(MoreReductions, ProdValuesDtypesAndZeros) {
  const Array x = npg::array({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  EXPECT_TRUE(ArraysClose(npg::prod(x), npg::array(720.0)));
  EXPECT_TRUE(ArraysClose(x.prod(0), npg::array({4.0, 10.0, 18.0})));
  EXPECT_TRUE(ArraysClose(x.prod(1, true), npg::array({{6.0}, {120.0}})));
  EXPECT_EQ(npg::prod(npg::arange(1, 5, 1, npg::int32)).dtype(), npg::int64);
  EXPECT_EQ(npg::prod(npg::arange(1, 5)).item<std::int64_t>(), 24);
  EXPECT_TRUE(ArraysClose(npg::prod(npg::zeros({0})), npg::array(1.0)));
  // One zero: only it gets a non-zero gradient; two zeros: none does.
  Array a = npg::array({2.0, 0.0, 3.0}, true);
  EXPECT_TRUE(ArraysClose(grad_of(a, a.prod()), npg::array({0.0, 6.0, 0.0})));
  Array b = npg::array({{2.0, 0.0, 0.0}, {1.0, 2.0, 3.0}}, true);
  EXPECT_TRUE(ArraysClose(grad_of(b, b.prod(1).sum()),
                          npg::array({{0.0, 0.0, 0.0}, {6.0, 3.0, 2.0}})));
  EXPECT_EQ(b.prod(1).grad_fn()->name(), "Prod");
}

TEST(MoreReductions, ArgmaxArgmin) {
  const Array x = npg::array({{1.0, 5.0, 5.0}, {7.0, -1.0, 7.0}});
  EXPECT_EQ(npg::argmax(x).item<std::int64_t>(), 3);
  EXPECT_EQ(npg::argmin(x).item<std::int64_t>(), 4);
  EXPECT_EQ(x.argmax(1).to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{1, 0})); // first of the ties
  EXPECT_EQ(x.argmin(0).to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{0, 1, 0}));
  EXPECT_EQ(x.argmax(-1, true).shape(), (Shape{2, 1}));
  EXPECT_EQ(x.argmax(None, true).shape(), (Shape{1, 1}));
  EXPECT_EQ(x.argmax().dtype(), npg::int64);
  EXPECT_EQ(npg::argmax(npg::array({1.0, nan, 3.0, nan})).item<std::int64_t>(),
            1);
  EXPECT_EQ(npg::argmin(npg::array({1.0, 0.0, nan})).item<std::int64_t>(), 2);
  EXPECT_EQ(npg::argmax(npg::array({3, 9, 2})).item<std::int64_t>(), 1);
  Array r = npg::ones({2, 2}, true);
  EXPECT_FALSE(npg::argmax(r * 2.0, 0).requires_grad());
  EXPECT_TRUE(ThrowsWith([] { npg::argmax(npg::zeros({0})); },
                         "attempt to get argmax of an empty sequence"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::argmin(npg::zeros({2, 3}), 2);
      },
      "axis 2 is out of bounds for array of dimension 2"));
}

/// A compiled function's result from its code: the first call per
/// signature traces the function (running it eagerly) and returns eager's
/// results, so this calls `f` twice and returns the second call's.
template <class F, class... Args>
auto compiled_result(F &&f, const Args &...args) {
  (void)f(args...);
  const std::int64_t hits = f.stats().cache_hits;
  auto result = f(args...);
  EXPECT_EQ(f.stats().cache_hits, hits + 1);
  return result;
}

// Compiled code computes what numpy does, written out here (not eager's
// output): the first of equal extremes, the first NaN, -0 equal to +0.
TEST(MoreReductions, ArgmaxArgminCompileWithNumpysTieAndNaNRules) {
  const Array x = npg::array(
      {{1.0, 5.0, 5.0, -inf}, {-0.0, 0.0, nan, nan}, {-inf, -inf, -inf, -inf}});
  using I = std::vector<std::int64_t>;
  const auto along = [](bool max, std::optional<std::int64_t> axis, bool keep) {
    return [=](const Array &x) {
      return compiled_result(npg::compile([=](const Array &a) {
                               return max ? npg::argmax(a, axis, keep)
                                          : npg::argmin(a, axis, keep);
                             }),
                             x);
    };
  };
  EXPECT_EQ(along(true, 1, false)(x).to_vector<std::int64_t>(), (I{1, 2, 0}));
  EXPECT_EQ(along(false, 1, false)(x).to_vector<std::int64_t>(), (I{3, 2, 0}));
  EXPECT_EQ(along(true, 0, false)(x).to_vector<std::int64_t>(),
            (I{0, 0, 1, 1}));
  EXPECT_EQ(along(false, 0, false)(x).to_vector<std::int64_t>(),
            (I{2, 2, 1, 1}));
  const Array kept = along(true, -1, true)(x);
  EXPECT_EQ(kept.shape(), (Shape{3, 1}));
  EXPECT_EQ(kept.dtype(), npg::int64);
  // Flattened: the first NaN in row-major order, with or without keepdims.
  EXPECT_EQ(along(true, None, false)(x).item<std::int64_t>(), 6);
  const Array all_kept = along(false, None, true)(x);
  EXPECT_EQ(all_kept.shape(), (Shape{1, 1}));
  EXPECT_EQ(all_kept.to_vector<std::int64_t>(), (I{6}));
  // -0 and +0 are equal, so the first stays.
  EXPECT_EQ(
      along(true, None, false)(npg::array({-0.0, 0.0})).item<std::int64_t>(),
      0);
  EXPECT_EQ(
      along(false, None, false)(npg::array({0.0, -0.0})).item<std::int64_t>(),
      0);
  // 0-d, size-1, float32, integers (signed) and bools (false < true).
  EXPECT_EQ(along(true, 0, false)(npg::array(3.0)).item<std::int64_t>(), 0);
  EXPECT_EQ(along(true, 0, false)(npg::ones({1, 4})).to_vector<std::int64_t>(),
            (I{0, 0, 0, 0}));
  EXPECT_EQ(along(false, 1,
                  false)(npg::array({{2.0, -3.0, nan}}).astype(npg::float32))
                .to_vector<std::int64_t>(),
            (I{2}));
  const Array ints = npg::array({{3, -7, 9}, {-7, -7, 9}}).astype(npg::int32);
  EXPECT_EQ(along(true, 1, false)(ints).to_vector<std::int64_t>(), (I{2, 2}));
  EXPECT_EQ(along(false, 1, false)(ints).to_vector<std::int64_t>(), (I{1, 0}));
  const Array bools = npg::array({{0.0, 1.0, 1.0}, {0.0, 0.0, 0.0}}) > 0.5;
  EXPECT_EQ(along(true, 1, false)(bools).to_vector<std::int64_t>(), (I{1, 0}));
  EXPECT_EQ(along(false, 1, false)(bools).to_vector<std::int64_t>(), (I{0, 0}));
  // The index as a weight: no gradient through argmax, the product's only.
  Array w = npg::array({{1.0, 4.0, 2.0}, {3.0, 0.0, 5.0}}, true);
  auto weighted = npg::compile([](const Array &a) {
    return (npg::argmax(a, 1).astype(npg::float64) * a.sum(1)).sum();
  });
  compiled_result(weighted, w).backward();
  EXPECT_TRUE(
      ArraysClose(*w.grad(), npg::array({{1.0, 1.0, 1.0}, {2.0, 2.0, 2.0}})));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        along(true, 1, false)(npg::zeros({2, 0}));
      },
      "attempt to get argmax of an empty sequence"));
}

TEST(MoreReductions, ProdCompilesWithTheGradientOfTheOtherElements) {
  const Array x = npg::array({{2.0, 0.0, 3.0, 4.0},
                              {2.0, 0.0, 0.0, 5.0},
                              {0.5, -2.0, 3.0, -0.0},
                              {1.0, 2.0, 3.0, 4.0}});
  // Per row: one zero (its gradient the product of the rest, the others' 0),
  // two zeros (all 0), a -0 (one zero too), none (prod / x).
  const Array expected = npg::array({{0.0, 24.0, 0.0, 0.0},
                                     {0.0, 0.0, 0.0, 0.0},
                                     {0.0, 0.0, 0.0, -3.0},
                                     {24.0, 12.0, 8.0, 6.0}});
  auto rows = npg::compile([](const Array &a) { return a.prod(1).sum(); });
  for (const bool compiled : {false, true}) {
    Array v = x.astype(npg::float64).requires_grad_(true);
    const Array y = compiled ? compiled_result(rows, v) : v.prod(1).sum();
    EXPECT_TRUE(ArraysClose(y, npg::array(0.0 + 0.0 - 0.0 + 24.0)));
    y.backward();
    EXPECT_TRUE(ArraysClose(*v.grad(), expected)) << compiled;
  }
  // Over several axes with keepdims, float32 (multiplied in float64), and
  // integers (int64 results, no gradient).
  auto cols = npg::compile([](const Array &a) {
    return a.prod(std::vector<std::int64_t>{0, 1}, true);
  });
  const Array f = npg::array({{1e20, 1e20}, {1e-20, 3.0}}).astype(npg::float32);
  const Array p = compiled_result(cols, f);
  EXPECT_EQ(p.shape(), (Shape{1, 1}));
  EXPECT_EQ(p.dtype(), npg::float32);
  EXPECT_EQ(
      p.to_vector<float>()[0],
      static_cast<float>(static_cast<double>(1e20f) * 1e20f * 1e-20f * 3.0f));
  const Array i =
      compiled_result(cols, npg::array({{3, -2}, {4, 5}}).astype(npg::int32));
  EXPECT_EQ(i.dtype(), npg::int64);
  EXPECT_EQ(i.item<std::int64_t>(), -120);
  EXPECT_EQ(compiled_result(cols, npg::zeros({2, 0})).item<double>(), 1.0);
}

TEST(MoreElementwise, PredicatesCompile) {
  const Array x = npg::array({1.0, nan, inf, -inf, 0.0, -0.0, 1e308});
  using B = std::vector<bool>;
  auto all = npg::compile([](const Array &a) {
    return std::vector<Array>{npg::isnan(a), npg::isinf(a), npg::isfinite(a)};
  });
  for (const Array &v : {x, x.astype(npg::float32)}) {
    const std::vector<Array> r = compiled_result(all, v);
    EXPECT_EQ(r[0].to_vector<bool>(), (B{0, 1, 0, 0, 0, 0, 0}));
    EXPECT_EQ(r[1].to_vector<bool>(),
              (B{0, 0, 1, 1, 0, 0, v.dtype() == npg::float32}));
    EXPECT_EQ(r[2].to_vector<bool>(),
              (B{1, 0, 0, 0, 1, 1, v.dtype() == npg::float64}));
  }
  const std::vector<Array> ints = compiled_result(all, npg::arange(3));
  EXPECT_EQ(ints[0].to_vector<bool>(), (B{0, 0, 0}));
  EXPECT_EQ(ints[1].to_vector<bool>(), (B{0, 0, 0}));
  EXPECT_EQ(ints[2].to_vector<bool>(), (B{1, 1, 1}));
  EXPECT_EQ(ints[2].dtype(), npg::bool_);
}

TEST(MoreReductions, VarAndStd) {
  const Array x = npg::array({{1.0, 2.0, 3.0, 4.0}, {2.0, 2.0, 2.0, 2.0}});
  EXPECT_TRUE(ArraysClose(x.var(1), npg::array({1.25, 0.0})));
  EXPECT_TRUE(ArraysClose(x.var(1, 1), npg::array({5.0 / 3, 0.0})));
  EXPECT_TRUE(ArraysClose(npg::std(x, 1, 0, true),
                          npg::array({{std::sqrt(1.25)}, {0.0}})));
  EXPECT_TRUE(ArraysClose(npg::var(npg::arange(4)), npg::array(1.25)));
  EXPECT_EQ(npg::var(npg::ones({3}, npg::float32)).dtype(), npg::float32);
  // N - ddof = 0 divides by zero, as numpy and torch (inf or nan, no error).
  EXPECT_TRUE(std::isnan(npg::var(npg::array({1.0}), {}, 1).item<double>()));
  // std of constant data: gradient 0 (PyTorch's rule), not NaN.
  Array c = npg::full({3}, 2.0, true);
  EXPECT_TRUE(ArraysClose(grad_of(c, c.std()), npg::zeros({3})));
  EXPECT_EQ(x.var().grad_fn(), nullptr);
  Array r = npg::ones({2}, true);
  EXPECT_EQ(r.var().grad_fn()->name(), "Var");
  EXPECT_EQ(r.std().grad_fn()->name(), "Std");
}

TEST(MoreReductions, VarAndStdWithDdofBeyondTheCountAreInfinite) {
  // numpy and PyTorch divide by max(N - ddof, 0): inf for a positive sum of
  // squares, NaN (0/0) for constant data; never a negative variance.
  const Array x = npg::array({1.0, 2.0, 4.0});
  for (const std::int64_t ddof : {3, 4, 5, 100}) {
    EXPECT_TRUE(ArraysClose(x.var({}, ddof), npg::array(inf))) << ddof;
    EXPECT_TRUE(ArraysClose(x.std({}, ddof), npg::array(inf))) << ddof;
    EXPECT_TRUE(ArraysClose(npg::full({3}, 2.0).var({}, ddof), npg::array(nan)))
        << ddof;
  }
  const Array m = npg::array({{1.0, 2.0}, {3.0, 3.0}});
  EXPECT_TRUE(ArraysClose(m.var(1, 3), npg::array({inf, nan})));
  EXPECT_TRUE(ArraysClose(m.std(1, 5, true), npg::array({{inf}, {nan}})));
  EXPECT_TRUE(ArraysClose(npg::var(npg::arange(3), {}, 4), npg::array(inf)));
  // The gradient is PyTorch's var_backward, 2 (x - mean) / (N - ddof):
  // infinite with the sign of x - mean at ddof = N, negated beyond (mean
  // 7/3); compiled code computes the same.
  for (const auto &[ddof, expected] :
       std::vector<std::pair<std::int64_t, Array>>{
           {3, npg::array({-inf, -inf, inf})},
           {4, npg::array({8.0 / 3, 2.0 / 3, -10.0 / 3})}}) {
    Array a = npg::array({1.0, 2.0, 4.0}, true);
    EXPECT_TRUE(ArraysClose(grad_of(a, a.var({}, ddof)), expected)) << ddof;
    auto compiled = npg::compile(
        [ddof = ddof](const Array &v) { return v.var({}, ddof); });
    Array b = npg::array({1.0, 2.0, 4.0}, true);
    compiled(b); // traces
    const Array y = compiled(b);
    EXPECT_TRUE(ArraysClose(y, npg::array(inf)));
    y.backward();
    EXPECT_TRUE(ArraysClose(*b.grad(), expected)) << ddof;
  }
  EXPECT_TRUE(
      ArraysClose(npg::compile([](const Array &v) { return v.std(1, 3); })(m),
                  npg::array({inf, nan})));
}

TEST(MoreReductions, LogSumExpSoftmaxAreStable) {
  const Array big = npg::array({{1000.0, 1000.0}, {-1000.0, -inf}});
  EXPECT_TRUE(ArraysClose(npg::logsumexp(big, 1),
                          npg::array({1000.0 + std::log(2.0), -1000.0})));
  EXPECT_TRUE(
      ArraysClose(npg::logsumexp(npg::array({-inf, -inf})), npg::array(-inf)));
  EXPECT_TRUE(
      ArraysClose(npg::softmax(big), npg::array({{0.5, 0.5}, {1.0, 0.0}})));
  EXPECT_TRUE(ArraysClose(npg::log_softmax(npg::array({1000.0, 0.0})),
                          npg::array({0.0, -1000.0})));
  EXPECT_TRUE(ArraysClose(npg::softmax(npg::array(3.0)), npg::array(1.0)));
  const Array x = npg::random::randn({3, 5});
  EXPECT_TRUE(ArraysClose(npg::softmax(x, 0).sum(0), npg::ones({5})));
  EXPECT_TRUE(ArraysClose(npg::log_softmax(x).exp(), npg::softmax(x)));
  EXPECT_TRUE(ArraysClose(npg::logsumexp(x, 1, true),
                          npg::log(npg::exp(x).sum(1, true))));
  EXPECT_EQ(npg::softmax(npg::arange(3)).dtype(), npg::float64);
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::softmax(npg::ones({2, 3}), 2);
      },
      "axis 2 is out of bounds for array of dimension 2"));
  Array r = npg::ones({2}, true);
  EXPECT_EQ(r.softmax().grad_fn()->name(), "Softmax");
  EXPECT_EQ(r.log_softmax().grad_fn()->name(), "LogSoftmax");
  EXPECT_EQ(r.logsumexp().grad_fn()->name(), "LogSumExp");
}

TEST(MoreReductions, SoftmaxOverAnEmptyAxisIsEmpty) {
  // As PyTorch: an empty result of x's shape, and an empty gradient.
  for (const bool log : {false, true}) {
    auto f = [log](const Array &x, std::int64_t axis) {
      return log ? npg::log_softmax(x, axis) : npg::softmax(x, axis);
    };
    Array x = npg::zeros({2, 0}, true);
    const Array y = f(x, 1);
    EXPECT_EQ(y.shape(), (Shape{2, 0})) << log;
    EXPECT_EQ(y.dtype(), npg::float64);
    y.sum().backward();
    ASSERT_TRUE(x.grad()) << log;
    EXPECT_EQ(x.grad()->shape(), (Shape{2, 0}));
    Array z = npg::zeros({0, 3}, {npg::float32, true});
    const Array w = f(z, 0);
    EXPECT_EQ(w.shape(), (Shape{0, 3})) << log;
    EXPECT_EQ(w.dtype(), npg::float32);
    w.sum().backward();
    EXPECT_EQ(z.grad()->shape(), (Shape{0, 3}));
    EXPECT_EQ(f(npg::zeros({0, 3}), 1).shape(), (Shape{0, 3})) << log;
    EXPECT_EQ(f(npg::zeros({0}), -1).shape(), (Shape{0})) << log;
    EXPECT_EQ(f(npg::arange(0), 0).dtype(), npg::float64) << log;
  }
}

TEST(MoreReductions, CumsumCumprod) {
  const Array x = npg::array({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  EXPECT_TRUE(ArraysClose(npg::cumsum(x),
                          npg::array({1.0, 3.0, 6.0, 10.0, 15.0, 21.0})));
  EXPECT_TRUE(
      ArraysClose(x.cumsum(0), npg::array({{1.0, 2.0, 3.0}, {5.0, 7.0, 9.0}})));
  EXPECT_TRUE(ArraysClose(x.cumprod(1),
                          npg::array({{1.0, 2.0, 6.0}, {4.0, 20.0, 120.0}})));
  EXPECT_EQ(npg::cumsum(npg::arange(4, npg::int32)).dtype(), npg::int64);
  EXPECT_EQ(npg::cumsum(npg::array({true, true})).to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(npg::cumsum(npg::array(5.0)).shape(), (Shape{1}));
  // cumprod's gradient with zeros, against the hand-computed Jacobian:
  // y = [a, ab, abc] with (a, b, c) = (2, 0, 3).
  Array z = npg::array({2.0, 0.0, 3.0}, true);
  const Array g = npg::array({1.0, 10.0, 100.0});
  // dy/da = [1, b, bc] = [1, 0, 0]; dy/db = [0, a, ac] = [0, 2, 6];
  // dy/dc = [0, 0, ab] = [0, 0, 0].
  EXPECT_TRUE(
      ArraysClose(grad_of(z, z.cumprod(), g), npg::array({1.0, 620.0, 0.0})));
  Array w = npg::array({{1.0, 2.0}, {3.0, 4.0}}, true);
  EXPECT_TRUE(ArraysClose(grad_of(w, w.cumsum().sum()),
                          npg::array({{4.0, 3.0}, {2.0, 1.0}})));
  EXPECT_EQ(w.cumsum(0).grad_fn()->name(), "CumSum");
  EXPECT_EQ(w.cumprod(0).grad_fn()->name(), "CumProd");
  EXPECT_TRUE(ThrowsWith([] { npg::cumsum(npg::ones({2}), 1); },
                         "axis 1 is out of bounds for array of dimension 1"));
}

// --- Traces
// ----------------------------------------------------------------------

using npg::testing::count;

TEST(MoreOpsTrace, RecordsDialectOps) {
  const Array x = npg::random::randn({2, 3});
  const Array y = npg::random::randn({3});
  struct Expect {
    std::string name;
    std::function<Array(const Array &, const Array &)> fn;
    std::vector<std::pair<std::string, int>> ops;
  };
  const std::vector<Expect> expects = {
      {"sin",
       [](const Array &a, const Array &) { return a.sin(); },
       {{"npg.sin", 1}}},
      {"cos",
       [](const Array &a, const Array &) { return a.cos(); },
       {{"npg.cos", 1}}},
      {"tan",
       [](const Array &a, const Array &) { return a.tan(); },
       {{"npg.tan", 1}}},
      {"floor",
       [](const Array &a, const Array &) { return a.floor(); },
       {{"npg.floor", 1}}},
      {"ceil",
       [](const Array &a, const Array &) { return a.ceil(); },
       {{"npg.ceil", 1}}},
      {"maximum",
       [](const Array &a, const Array &b) { return npg::maximum(a, b); },
       {{"npg.maximum", 1}, {"npg.broadcast_to", 1}}},
      {"minimum",
       [](const Array &a, const Array &b) { return npg::minimum(a, b); },
       {{"npg.minimum", 1}}},
      {"clip",
       [](const Array &a, const Array &) { return a.clip(-0.5, 0.5); },
       {{"npg.clip", 1}, {"npg.maximum", 0}, {"npg.minimum", 0}}},
      {"where",
       [](const Array &a, const Array &b) { return npg::where(a > 0.0, a, b); },
       {{"npg.select", 1}, {"npg.compare", 1}}},
      {"softplus",
       [](const Array &a, const Array &) { return a.softplus(); },
       {{"npg.softplus", 1}, {"npg.log", 0}, {"npg.exp", 0}}},
      {"gelu",
       [](const Array &a, const Array &) { return a.gelu(); },
       {{"npg.gelu", 1}, {"npg.tanh", 0}, {"npg.mul", 0}}},
      {"var",
       [](const Array &a, const Array &) { return a.var(1, 1); },
       {{"npg.var", 1}, {"npg.reduce_sum", 0}, {"npg.div", 0}}},
      {"std",
       [](const Array &a, const Array &) { return a.std(); },
       {{"npg.std", 1}, {"npg.reduce_sum", 0}, {"npg.sqrt", 0}}},
      {"logsumexp",
       [](const Array &a, const Array &) { return a.logsumexp(1); },
       {{"npg.logsumexp", 1}, {"npg.reduce_max", 0}, {"npg.reduce_sum", 0}}},
      {"softmax",
       [](const Array &a, const Array &) { return a.softmax(); },
       {{"npg.softmax", 1}, {"npg.reduce_max", 0}, {"npg.exp", 0}}},
      {"log_softmax",
       [](const Array &a, const Array &) { return a.log_softmax(0); },
       {{"npg.log_softmax", 1}, {"npg.reduce_max", 0}, {"npg.log", 0}}},
      {"prod",
       [](const Array &a, const Array &) { return a.prod(1); },
       {{"npg.reduce_prod", 1}}},
      {"argmax",
       [](const Array &a, const Array &) { return a.argmax(); },
       {{"npg.argmax", 1}, {"npg.reshape", 1}}},
      {"argmin",
       [](const Array &a, const Array &) { return a.argmin(1, true); },
       {{"npg.argmin", 1}, {"npg.reshape", 0}}},
      {"cumsum",
       [](const Array &a, const Array &) { return a.cumsum(1); },
       {{"npg.linear_scan", 1}}},
      {"cumprod",
       [](const Array &a, const Array &) { return a.cumprod(); },
       {{"npg.linear_scan", 1}, {"npg.select", 1}}},
      {"isnan",
       [](const Array &a, const Array &) { return npg::isnan(a); },
       {{"npg.compare", 1}, {"npg.abs", 0}}},
      {"isinf",
       [](const Array &a, const Array &) { return a.isinf(); },
       {{"npg.compare", 1}, {"npg.abs", 1}}},
  };
  for (const Expect &e : expects) {
    SCOPED_TRACE(e.name);
    const npg::Trace t = npg::trace(e.fn, x, y);
    ASSERT_EQ(t.outputs().size(), 1u);
    EXPECT_TRUE(ArraysClose(t.outputs()[0], e.fn(x, y)));
    for (const auto &[op, n] : e.ops)
      EXPECT_EQ(count(t.mlir(), op + " "), n) << op << "\n" << t.mlir();
  }
}

} // namespace

namespace {

// --- Compiled: what the traces record computes what the eager ops do
// -------------

TEST(MoreOpsCompile, CompiledMatchesEagerInValuesAndGradients) {
  using F = std::function<Array(const Array &)>;
  const std::vector<std::pair<std::string, F>> fns = {
      {"gelu", [](const Array &x) { return npg::gelu(x); }},
      {"softplus", [](const Array &x) { return npg::softplus(x); }},
      {"clip", [](const Array &x) { return npg::clip(x, -0.5, 0.5); }},
      {"sin_cos_tan",
       [](const Array &x) { return x.sin() * x.cos() + (x * 0.3).tan(); }},
      {"floor_ceil", [](const Array &x) { return x.floor() * x + x.ceil(); }},
      {"maximum_minimum",
       [](const Array &x) {
         return npg::maximum(x, x.T().sum(0)) + npg::minimum(x, 0.1);
       }},
      {"where",
       [](const Array &x) { return npg::where(x > 0.0, x * 2.0, x.exp()); }},
      {"logsumexp", [](const Array &x) { return x.logsumexp(1); }},
      {"softmax", [](const Array &x) { return x.softmax(0); }},
      {"log_softmax", [](const Array &x) { return x.log_softmax(); }},
      {"var", [](const Array &x) { return x.var(1, 1); }},
      {"std", [](const Array &x) { return x.std(); }},
      {"prod", [](const Array &x) { return x.prod(0); }},
      {"cumsum", [](const Array &x) { return x.cumsum(1); }},
      {"cumprod", [](const Array &x) { return x.cumprod(); }},
      {"argmax_weight",
       [](const Array &x) { return x * x.argmax(1, true).astype(x.dtype()); }},
  };
  for (const auto &[name, f] : fns) {
    SCOPED_TRACE(name);
    npg::random::manual_seed(seed_of(name));
    const auto compiled =
        npg::compile([f = f](const Array &x) { return f(x); });
    Array x = npg::random::randn({4, 4}, true);
    Array xe = x.detach().copy().requires_grad_(true);
    const Array a = compiled_result(compiled, x), b = f(xe);
    EXPECT_TRUE(ArraysClose(a, b, 1e-12, 1e-12));
    const Array g = npg::random::randn(a.shape());
    a.backward(g);
    b.backward(g);
    EXPECT_TRUE(ArraysClose(*x.grad(), *xe.grad(), 1e-10, 1e-12));
  }
}

TEST(MoreOpsCompile, CompiledCrossEntropyStep) {
  npg::random::manual_seed(77);
  npg::nn::MLP model(2, {8}, 3, "tanh");
  const Array x = npg::random::randn({6, 2});
  const Array y = npg::array({0, 2, 1, 1, 0, 2});
  const auto loss = npg::compile([&](const Array &x, const Array &y) {
    return npg::nn::cross_entropy(model(x), y);
  });
  const Array compiled = loss(x, y);
  compiled.backward();
  std::vector<Array> grads;
  for (const Array &p : model.parameters())
    grads.push_back(*p.grad());
  model.zero_grad();
  const Array eager = npg::nn::cross_entropy(model(x), y);
  eager.backward();
  EXPECT_TRUE(ArraysClose(compiled, eager, 1e-12, 1e-12));
  const std::vector<Array> params = model.parameters();
  for (std::size_t i = 0; i < params.size(); ++i)
    EXPECT_TRUE(ArraysClose(grads[i], *params[i].grad(), 1e-10, 1e-12))
        << "parameter " << i;
}

} // namespace
