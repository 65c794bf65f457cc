// The ops without derivatives (comparisons, sort, round, all/any, nonzero,
// astype) and numpy's dtype promotion, against LibTorch wherever numpy and
// torch agree. Results must match exactly, and never join the graph.
#include "TorchOracle.h"

#include <functional>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace npg::torch_oracle;
using npg::Array;
using npg::DType;
using npg::Shape;

const std::vector<DType> all_dtypes = {npg::bool_, npg::int32, npg::int64,
                                       npg::float32, npg::float64};

/// An array of `dtype` with the values `in` describes (cast from float64).
Array make(const Input &in, DType dtype) {
  return npg::array(draw(in), in.shape).astype(dtype);
}

std::string label(DType a, DType b) {
  std::ostringstream os;
  os << a << " with " << b;
  return os.str();
}

// --- Comparisons -------------------------------------------------------------

TEST(TorchComparisons, ArrayWithArrayBroadcasting) {
  using Cmp = std::function<std::pair<Array, torch::Tensor>(const Array &,
                                                            const Array &)>;
  auto both = [](auto f) -> Cmp {
    return [f](const Array &a, const Array &b) {
      return std::pair{f(a, b), f(to_torch(a), to_torch(b))};
    };
  };
  const std::vector<std::pair<std::string, Cmp>> ops = {
      {"==", both([](const auto &a, const auto &b) { return a == b; })},
      {"!=", both([](const auto &a, const auto &b) { return a != b; })},
      {"<", both([](const auto &a, const auto &b) { return a < b; })},
      {"<=", both([](const auto &a, const auto &b) { return a <= b; })},
      {">", both([](const auto &a, const auto &b) { return a > b; })},
      {">=", both([](const auto &a, const auto &b) { return a >= b; })},
  };
  const std::vector<std::pair<Shape, Shape>> shapes = {{{2, 3}, {2, 3}},
                                                       {{2, 3}, {3}},
                                                       {{3, 1}, {1, 4}},
                                                       {{}, {2, 3}},
                                                       {{4}, {3, 1}}};
  npg::random::manual_seed(1);
  for (const auto &[name, op] : ops)
    for (const auto &[sa, sb] : shapes)
      for (DType da : {npg::float64, npg::float32, npg::int64, npg::int32})
        for (DType db : {npg::float64, npg::int64}) {
          // Values 0..2 so that equal elements are common.
          const Array a = make(Ties(sa), da), b = make(Ties(sb), db);
          SCOPED_TRACE(name + " on " + npg::format_shape(sa) + " and " +
                       npg::format_shape(sb) + ", " + label(da, db));
          const auto [r, t] = op(a, b);
          EXPECT_TRUE(MatchesTorch(r, t, exact));
        }
}

TEST(TorchComparisons, ArrayWithScalar) {
  npg::random::manual_seed(2);
  const Array x = make(Ties({3, 4}), npg::float64);
  const torch::Tensor t = to_torch(x);
  EXPECT_TRUE(MatchesTorch(x == 1.0, t == 1.0, exact));
  EXPECT_TRUE(MatchesTorch(x != 1, t != 1, exact));
  EXPECT_TRUE(MatchesTorch(x < 1.5, t < 1.5, exact));
  EXPECT_TRUE(MatchesTorch(x <= 1, t <= 1, exact));
  EXPECT_TRUE(MatchesTorch(x > 0.5, t > 0.5, exact));
  EXPECT_TRUE(MatchesTorch(x >= 2, t >= 2, exact));
  const Array i = x.astype(npg::int32);
  const torch::Tensor ti = to_torch(i);
  EXPECT_TRUE(MatchesTorch(i == 1, ti == 1, exact));
  EXPECT_TRUE(MatchesTorch(i < 2, ti < 2, exact));
}

TEST(TorchComparisons, NaNComparesUnequal) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Array a = npg::array({nan, 1.0, nan});
  const Array b = npg::array({nan, nan, 2.0});
  const torch::Tensor ta = to_torch(a), tb = to_torch(b);
  EXPECT_TRUE(MatchesTorch(a == b, ta == tb, exact));
  EXPECT_TRUE(MatchesTorch(a != b, ta != tb, exact));
  EXPECT_TRUE(MatchesTorch(a < b, ta < tb, exact));
  EXPECT_TRUE(MatchesTorch(a >= b, ta >= tb, exact));
}

TEST(TorchComparisons, NeverJoinTheGraph) {
  Array x = npg::random::randn({2, 3}, true);
  const Array y = x * 2.0;
  for (const Array &r : {x == y, x != y, x<y, x <= y, x> y, x >= y, y > 0.0}) {
    EXPECT_FALSE(r.grad_fn());
    EXPECT_FALSE(r.requires_grad());
    EXPECT_EQ(r.dtype(), npg::bool_);
  }
}

// --- sort --------------------------------------------------------------------

TEST(TorchSort, AlongEveryAxisAndDtype) {
  npg::random::manual_seed(3);
  for (DType d : all_dtypes)
    for (std::int64_t axis : {-1, 0, 1, 2}) {
      // Normal values, with some repeated so that sorting meets ties.
      Array x = (make(N({3, 4, 5}), npg::float64) * 3.0).round().astype(d);
      SCOPED_TRACE(label(d, d) + ", axis " + std::to_string(axis));
      const torch::Tensor expected =
          std::get<0>(torch::sort(to_torch(x), axis));
      EXPECT_TRUE(MatchesTorch(npg::sort(x, axis), expected, exact));
      EXPECT_TRUE(MatchesTorch(x.copy().sort(axis), expected, exact))
          << "in place";
    }
}

TEST(TorchSort, NaNAndInfinitiesGoWhereTorchPutsThem) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (DType d : {npg::float64, npg::float32}) {
    const Array x =
        npg::array({3.0, nan, -inf, 0.0, inf, -1.0, nan, -0.5}).astype(d);
    EXPECT_TRUE(MatchesTorch(npg::sort(x),
                             std::get<0>(torch::sort(to_torch(x))), exact));
  }
}

TEST(TorchSort, InPlaceOnNonContiguousViews) {
  npg::random::manual_seed(4);
  Array base = make(N({4, 6}), npg::float64);
  torch::Tensor tb = to_torch(base);
  // Sorting a transposed view along its last axis sorts the base's columns.
  Array view = base.T();
  view.sort(-1);
  EXPECT_TRUE(MatchesTorch(base, std::get<0>(torch::sort(tb, 0)), exact));
  // A strided slice: only every other column is sorted, in place.
  Array base2 = make(N({3, 6}), npg::float64);
  torch::Tensor t2 = to_torch(base2);
  Array every_other = base2.slice(1, 0, 6, 2);
  every_other.sort(1);
  t2.slice(1, 0, 6, 2).copy_(std::get<0>(torch::sort(t2.slice(1, 0, 6, 2), 1)));
  EXPECT_TRUE(MatchesTorch(base2, t2, exact));
}

TEST(TorchSort, SortedCopyHasNoGradFnAndLeavesInputAlone) {
  Array x = npg::array({3.0, 1.0, 2.0}, true);
  const Array s = npg::sort(x);
  EXPECT_FALSE(s.grad_fn());
  EXPECT_FALSE(s.requires_grad());
  EXPECT_TRUE(ArraysMatch(x.detach(), npg::array({3.0, 1.0, 2.0}), exact));
}

// --- round -------------------------------------------------------------------

TEST(TorchRound, HalvesGoToEven) {
  std::vector<double> halves;
  for (int k = -6; k <= 5; ++k)
    halves.push_back(k + 0.5);
  for (DType d : {npg::float64, npg::float32}) {
    const Array x =
        npg::array(halves, {static_cast<std::int64_t>(halves.size())})
            .astype(d);
    EXPECT_TRUE(MatchesTorch(npg::round(x), torch::round(to_torch(x)), exact));
    EXPECT_TRUE(MatchesTorch(x.round(), torch::round(to_torch(x)), exact));
  }
}

TEST(TorchRound, RandomValuesWithDecimals) {
  npg::random::manual_seed(5);
  for (DType d : {npg::float64, npg::float32})
    for (int decimals : {0, 1, 2, 3, -1, -2}) {
      const Array x = (make(N({50}), npg::float64) * 500.0).astype(d);
      SCOPED_TRACE(label(d, d) + ", decimals " + std::to_string(decimals));
      EXPECT_TRUE(MatchesTorch(x.round(decimals),
                               torch::round(to_torch(x), decimals), exact));
    }
}

TEST(TorchRound, HalvesAtDecimalPlaces) {
  // Values exactly halfway at the rounded digit (in binary), and float32
  // values whose product with 10^decimals lands on a half in float32
  // arithmetic, as numpy and torch compute it.
  const Array f64 =
      npg::array({0.125, 0.375, -0.625, 2.5, 25.0, 35.0, -250.0, 1150.0});
  for (int decimals : {2, -1, -2})
    EXPECT_TRUE(MatchesTorch(f64.round(decimals),
                             torch::round(to_torch(f64), decimals), exact))
        << "float64, decimals " << decimals;
  const Array f32 = npg::array({1.015f, 0.125f, 2.675f, 1.005f, 0.285f});
  EXPECT_TRUE(MatchesTorch(f32.round(2), torch::round(to_torch(f32), 2), exact))
      << "float32";
}

TEST(TorchRound, HasNoGradFn) {
  Array x = npg::array({1.5, 2.5}, true);
  EXPECT_FALSE(npg::round(x * 1.0).grad_fn());
  EXPECT_FALSE(npg::round(x * 1.0).requires_grad());
}

// --- all / any ---------------------------------------------------------------

TEST(TorchAllAny, OverAxesAndDtypes) {
  struct AxisCase {
    std::string name;
    npg::Axes axes;
    std::vector<std::int64_t> dims; // empty: all
    bool keepdims;
  };
  const std::vector<AxisCase> axis_cases = {
      {"all", {}, {}, false},
      {"all_keepdims", {}, {0, 1, 2}, true},
      {"axis0", 0, {0}, false},
      {"axis_neg1_keepdims", -1, {2}, true},
      {"axes_0_2", {0, 2}, {0, 2}, false},
      {"axes_2_1_keepdims", {2, 1}, {1, 2}, true},
  };
  // torch reduces one dim at a time; from the last, so the others keep
  // their numbers.
  auto reduce = [](torch::Tensor t, const AxisCase &a, bool is_all) {
    t = t != 0;
    if (a.dims.empty())
      return is_all ? t.all() : t.any();
    for (auto it = a.dims.rbegin(); it != a.dims.rend(); ++it)
      t = is_all ? t.all(*it, a.keepdims) : t.any(*it, a.keepdims);
    return t;
  };
  npg::random::manual_seed(6);
  for (DType d : all_dtypes)
    for (const AxisCase &a : axis_cases) {
      // Mostly nonzero, so that both all and any vary along the axes.
      const Array x = (make(Ties({2, 3, 4}), npg::float64) != 0.0).astype(d);
      const Array y = (make(Ties({2, 3, 4}), npg::float64) > 1.0).astype(d);
      SCOPED_TRACE(label(d, d) + ", " + a.name);
      EXPECT_TRUE(MatchesTorch(x.all(a.axes, a.keepdims),
                               reduce(to_torch(x), a, true), exact));
      EXPECT_TRUE(MatchesTorch(npg::any(y, a.axes, a.keepdims),
                               reduce(to_torch(y), a, false), exact));
      EXPECT_TRUE(MatchesTorch(npg::all(y, a.axes, a.keepdims),
                               reduce(to_torch(y), a, true), exact));
      EXPECT_TRUE(MatchesTorch(x.any(a.axes, a.keepdims),
                               reduce(to_torch(x), a, false), exact));
    }
}

TEST(TorchAllAny, NaNCountsAsTrue) {
  const Array x = npg::array({std::numeric_limits<double>::quiet_NaN(), 1.0});
  EXPECT_TRUE(MatchesTorch(x.all(), to_torch(x).all(), exact));
  EXPECT_TRUE(MatchesTorch(x.any(), to_torch(x).any(), exact));
}

// --- nonzero -----------------------------------------------------------------

TEST(TorchNonzero, OneIndexArrayPerDimension) {
  npg::random::manual_seed(7);
  for (const Shape &s : std::vector<Shape>{{7}, {3, 4}, {2, 3, 4}, {2, 1, 3}})
    for (DType d : all_dtypes) {
      const Array x = make(Ties(s), npg::float64).astype(d);
      SCOPED_TRACE(npg::format_shape(s) + ", " + label(d, d));
      const std::vector<Array> idx = npg::nonzero(x);
      const torch::Tensor expected =
          torch::nonzero(to_torch(x)); // (count, ndim)
      ASSERT_EQ(static_cast<std::int64_t>(idx.size()), x.ndim());
      for (std::int64_t dim = 0; dim < x.ndim(); ++dim) {
        EXPECT_TRUE(MatchesTorch(idx[dim], expected.select(1, dim), exact))
            << "dimension " << dim;
        EXPECT_FALSE(idx[dim].grad_fn());
      }
    }
}

TEST(TorchNonzero, OfANonContiguousView) {
  npg::random::manual_seed(8);
  const Array x = make(Ties({3, 4}), npg::float64);
  const std::vector<Array> idx = x.T().nonzero();
  const torch::Tensor expected = torch::nonzero(to_torch(x).t());
  ASSERT_EQ(idx.size(), 2u);
  EXPECT_TRUE(MatchesTorch(idx[0], expected.select(1, 0), exact));
  EXPECT_TRUE(MatchesTorch(idx[1], expected.select(1, 1), exact));
}

TEST(TorchNonzero, NoneAndAll) {
  const Array zeros = npg::zeros({2, 3});
  const std::vector<Array> none = zeros.nonzero();
  ASSERT_EQ(none.size(), 2u);
  EXPECT_EQ(none[0].shape(), (Shape{0}));
  EXPECT_EQ(none[0].dtype(), npg::int64);
  const Array ones = npg::ones({2, 3});
  const std::vector<Array> all = ones.nonzero();
  const torch::Tensor expected = torch::nonzero(to_torch(ones));
  EXPECT_TRUE(MatchesTorch(all[0], expected.select(1, 0), exact));
  EXPECT_TRUE(MatchesTorch(all[1], expected.select(1, 1), exact));
}

// --- astype ------------------------------------------------------------------

TEST(TorchAstype, EveryPairOfDtypes) {
  npg::random::manual_seed(9);
  for (DType from : all_dtypes)
    for (DType to : all_dtypes) {
      // Fractions of both signs (floats truncate toward zero when cast to
      // integers) and zeros of both signs, all within int32's range.
      std::vector<double> v = draw(N({4, 5}));
      for (double &e : v)
        e *= 40;
      v[0] = 0.0;
      v[1] = -0.0;
      v[2] = 0.75;
      v[3] = -0.75;
      v[4] = 1.0;
      const Array x = npg::array(v, {4, 5}).astype(from);
      SCOPED_TRACE(label(from, to));
      const Array y = x.astype(to);
      EXPECT_TRUE(MatchesTorch(y, to_torch(x).to(to_torch(to)), exact));
      EXPECT_FALSE(y.grad_fn());
    }
}

TEST(TorchAstype, OfANonContiguousView) {
  npg::random::manual_seed(10);
  const Array x = make(N({3, 4}), npg::float64) * 10.0;
  EXPECT_TRUE(MatchesTorch(x.T().astype(npg::int32),
                           to_torch(x).t().to(torch::kInt32), exact));
  EXPECT_TRUE(MatchesTorch(
      x.slice(1, 3, 0, -2).astype(npg::float32),
      to_torch(x).index_select(1, torch::tensor({3, 1})).to(torch::kFloat32),
      exact));
}

TEST(TorchAstype, FromATensorThatRequiresGrad) {
  // torch's .to keeps requires_grad, and so does astype (numpygrad's): its
  // result is a new leaf (torch's has a grad_fn; astype records none).
  Array x = npg::array({1.5, -2.5}, true);
  const Array y = x.astype(npg::float32);
  const torch::Tensor t = to_torch(x).requires_grad_(true).to(torch::kFloat32);
  EXPECT_EQ(y.requires_grad(), t.requires_grad());
  EXPECT_TRUE(y.requires_grad());
  EXPECT_FALSE(y.grad_fn());
  EXPECT_TRUE(y.is_leaf());
  EXPECT_EQ(y.dtype(), npg::float32);
  EXPECT_FALSE(x.astype(npg::int32).requires_grad());
  EXPECT_FALSE(
      to_torch(x).requires_grad_(true).to(torch::kInt32).requires_grad());
}

// --- dtype promotion, where numpy and torch agree ----------------------------

/// Whether numpy's and torch's result dtypes agree for `a op b` (both at
/// least 1-d): they differ when an integer meets float32 (numpy: float64)
/// and for true division of integers (numpy: float64, torch: float32).
bool torch_agrees(DType a, DType b) {
  const bool int_a = !npg::is_floating(a), int_b = !npg::is_floating(b);
  if ((int_a && b == npg::float32) || (int_b && a == npg::float32))
    return a == npg::bool_ || b == npg::bool_; // bool gives way to float32
  return true;
}

TEST(TorchPromotion, BinaryOpsOnEveryPairOfDtypes) {
  npg::random::manual_seed(11);
  int compared = 0;
  for (DType da : all_dtypes)
    for (DType db : all_dtypes) {
      if (!torch_agrees(da, db))
        continue;
      // Small positive integers: exact in every dtype, fine as divisors
      // and exponents.
      const Array a = (make(Ties({2, 3}), npg::float64) + 1.0).astype(da);
      const Array b = (make(Ties({3}), npg::float64) + 1.0).astype(db);
      const torch::Tensor ta = to_torch(a), tb = to_torch(b);
      SCOPED_TRACE(label(da, db));
      const bool any_bool = da == npg::bool_ || db == npg::bool_;
      const bool any_float = npg::is_floating(da) || npg::is_floating(db);
      EXPECT_TRUE(MatchesTorch(a + b, ta + tb, exact)) << "+";
      EXPECT_TRUE(MatchesTorch(a * b, ta * tb, exact)) << "*";
      if (!any_bool) { // torch refuses `-` on bool; numpy only on two bools
        EXPECT_TRUE(MatchesTorch(a - b, ta - tb, exact)) << "-";
        EXPECT_TRUE(MatchesTorch(npg::pow(a, b), torch::pow(ta, tb), f64_tol))
            << "pow";
      }
      if (any_float) { // integer / integer: numpy float64, torch float32
        EXPECT_TRUE(MatchesTorch(a / b, ta / tb, f64_tol)) << "/";
      }
      if (da == db && da != npg::bool_) {
        EXPECT_TRUE(
            MatchesTorch(npg::matmul(a, b), torch::matmul(ta, tb), f64_tol))
            << "@";
      }
      ++compared;
    }
  EXPECT_EQ(compared, 21);
}

TEST(TorchPromotion, PythonNumbersAreWeak) {
  const Array f32 = npg::array({1.5f, -2.0f});
  const Array i32 = npg::array({1, -2}).astype(npg::int32);
  const Array i64 = npg::array({1, -2});
  const Array b = npg::array({true, false});
  const torch::Tensor tf32 = to_torch(f32), ti32 = to_torch(i32),
                      ti64 = to_torch(i64), tb = to_torch(b);
  EXPECT_TRUE(MatchesTorch(f32 + 2.0, tf32 + 2.0, exact));
  EXPECT_TRUE(MatchesTorch(f32 * 3, tf32 * 3, exact));
  EXPECT_TRUE(MatchesTorch(2.0 - f32, 2.0 - tf32, exact));
  EXPECT_TRUE(MatchesTorch(f32 / 2, tf32 / 2, exact));
  EXPECT_TRUE(MatchesTorch(f32.pow(2), tf32.pow(2), exact));
  EXPECT_TRUE(MatchesTorch(i32 + 2, ti32 + 2, exact));
  EXPECT_TRUE(MatchesTorch(3 * i32, 3 * ti32, exact));
  EXPECT_TRUE(MatchesTorch(i32.pow(2), ti32.pow(2), exact));
  EXPECT_TRUE(MatchesTorch(i64 - 5, ti64 - 5, exact));
  EXPECT_TRUE(MatchesTorch(b + 1, tb + 1, exact));
  EXPECT_TRUE(MatchesTorch(i64 > 0.5, ti64 > 0.5, exact));
}

TEST(TorchPromotion, UnaryOpsAndReductionsOnIntegers) {
  npg::random::manual_seed(12);
  for (DType d : {npg::int32, npg::int64}) {
    const Array x = (make(N({3, 4}), npg::float64) * 5.0).astype(d);
    const torch::Tensor t = to_torch(x);
    SCOPED_TRACE(label(d, d));
    EXPECT_TRUE(MatchesTorch(x.abs(), t.abs(), exact));
    EXPECT_TRUE(MatchesTorch(-x, -t, exact));
    EXPECT_TRUE(MatchesTorch(x.sign(), t.sign(), exact));
    EXPECT_TRUE(MatchesTorch(x.relu(), t.relu(), exact));
    EXPECT_TRUE(MatchesTorch(x.sum(), t.sum(), exact));
    EXPECT_TRUE(MatchesTorch(x.sum(1), t.sum(1), exact));
    EXPECT_TRUE(MatchesTorch(x.max(0), t.amax(0), exact));
    EXPECT_TRUE(MatchesTorch(x.min(), t.amin(), exact));
  }
  const Array b = make(Ties({3, 4}), npg::float64) > 0.5;
  EXPECT_TRUE(MatchesTorch(b.sum(), to_torch(b).sum(), exact));
  EXPECT_TRUE(MatchesTorch(b.sum(0), to_torch(b).sum(0), exact));
}

} // namespace
