// Gradients at the points where ops are not smooth (ties, bounds, zeros,
// NaN), each eager and compiled, against the value PyTorch gives: the cases
// issue 13 reported and those the edge-value tester found, each a test that
// failed before its fix. (The op-case table's suites check every op at
// drawn edge values; these pin the known ones down exactly.)
#include "Expect.h"

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace {

using npg::Array;
using npg::testing::ArraysClose;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

using Fn = std::function<Array(const Array &, const Array &)>;

/// d sum(f(x, y)) / dx and / dy, eager and compiled (both asserted equal to
/// `gx`, `gy`, NaN positions included; an undefined `gy`: f ignores y).
void ExpectGradients(const std::string &what, const Fn &f, const Array &x,
                     const Array &y, const Array &gx, const Array &gy) {
  SCOPED_TRACE(what);
  for (const bool compiled : {false, true}) {
    SCOPED_TRACE(compiled ? "compiled" : "eager");
    Array a = x.copy().requires_grad_(true), b = y.copy().requires_grad_(true);
    if (compiled) {
      auto c = npg::compile(
          [&f](const Array &u, const Array &v) { return f(u, v).sum(); });
      c(x.copy().requires_grad_(true), y.copy().requires_grad_(true));
      c(a, b).backward();
    } else {
      f(a, b).sum().backward();
    }
    ASSERT_TRUE(a.grad());
    EXPECT_TRUE(ArraysClose(*a.grad(), gx));
    if (gy.defined()) {
      ASSERT_TRUE(b.grad());
      EXPECT_TRUE(ArraysClose(*b.grad(), gy));
    }
  }
}

TEST(GradientEdges, ClipPassesTheGradientOnItsClosedInterval) {
  // PyTorch's clamp: 1 at lo and hi themselves, 0 outside and at NaN. The
  // trace recorded maximum/minimum, whose ties gave 0.5.
  const Array x = npg::array({-1.0, 0.0, 0.5, 1.0, 2.0, nan});
  ExpectGradients(
      "clip", [](const Array &u, const Array &) { return u.clip(0.0, 1.0); }, x,
      npg::zeros({1}), npg::array({0.0, 1.0, 1.0, 1.0, 0.0, 0.0}), Array());
}

TEST(GradientEdges, StdOfAConstantHasGradientZero) {
  // PyTorch's std_backward: 0 where std is 0. Traced as sqrt(var) it was
  // inf * 0 = NaN; computed with a plain mean, 0.1 + 0.1 + 0.1 rounds and
  // std came out 1.4e-17, with an O(1) gradient.
  ExpectGradients(
      "std",
      [](const Array &u, const Array &v) { return u.std() + v.std(0, 1); },
      npg::full({3}, 0.1), npg::full({4, 2}, -3.7), npg::zeros({3}),
      npg::zeros({4, 2}));
}

TEST(GradientEdges, MaximumAndMinimumAtNaNGiveBothSidesTheGradient) {
  // PyTorch: a tie gives each side half, the losing side nothing, and NaN
  // loses nowhere: both sides take g. The IR rule gave both 0 at NaN.
  const Array x = npg::array({1.0, 2.0, nan, nan, 3.0});
  const Array y = npg::array({2.0, 2.0, 1.0, nan, nan});
  ExpectGradients(
      "maximum",
      [](const Array &u, const Array &v) { return npg::maximum(u, v); }, x, y,
      npg::array({0.0, 0.5, 1.0, 1.0, 1.0}),
      npg::array({1.0, 0.5, 1.0, 1.0, 1.0}));
  ExpectGradients(
      "minimum",
      [](const Array &u, const Array &v) { return npg::minimum(u, v); }, x, y,
      npg::array({1.0, 0.5, 1.0, 1.0, 1.0}),
      npg::array({0.0, 0.5, 1.0, 1.0, 1.0}));
}

TEST(GradientEdges, ReluAndAbsAtZeroAndNaN) {
  // PyTorch: relu's gradient is 0 where x <= 0 and passes at NaN; abs's is
  // g * sgn(x), 0 at 0 and at NaN (numpy's sign of NaN is NaN).
  const Array x = npg::array({-1.0, -0.0, 0.0, 2.0, nan, inf});
  ExpectGradients(
      "relu", [](const Array &u, const Array &) { return npg::relu(u); }, x,
      npg::zeros({1}), npg::array({0.0, 0.0, 0.0, 1.0, 1.0, 1.0}), Array());
  ExpectGradients(
      "abs", [](const Array &u, const Array &) { return npg::abs(u); }, x,
      npg::zeros({1}), npg::array({-1.0, 0.0, 0.0, 1.0, 0.0, 1.0}), Array());
}

TEST(GradientEdges, DivisionByItselfAtTinyValues) {
  // d(x/y)/dy = -g (x / y) / y: as -g x / (y * y), y * y underflowed at
  // 1e-200 and the sum of both sides came out -inf, not 0.
  const Array x = npg::array({1e-200, -3e-170, 2.0});
  ExpectGradients(
      "x / x", [](const Array &u, const Array &) { return u / u; }, x,
      npg::zeros({1}), npg::zeros({3}), Array());
}

TEST(GradientEdges, PowOfAFloat32BaseTakesTheLogInFloat64) {
  // d x^y / dy = x^y log(x) with x the float32 base promoted to float64, as
  // the IR casts operands before the op. Eager took log of the float32 base
  // in float32, 1.8e-8 from compiled code.
  const float base = 0.22909740693850167f;
  const double y = 0.23195867267409218;
  const double want = std::pow(double(base), y) * std::log(double(base));
  const auto f = [](const Array &u, const Array &v) {
    return npg::pow(u.astype(npg::float32), v);
  };
  auto c = npg::compile(f);
  for (const bool compiled : {false, true}) {
    Array b = npg::array(y, true);
    const Array x = npg::array(double(base));
    (compiled ? (c(x, npg::array(0.5, true)), c(x, b)) : f(x, b)).backward();
    ASSERT_TRUE(b.grad());
    EXPECT_NEAR(b.grad()->item<double>(), want, 1e-15)
        << (compiled ? "compiled" : "eager");
  }
}

TEST(GradientEdges, TanOfTheSmallestSubnormalIsItself) {
  // tan(x) rounds to x for tiny x; eager (SLEEF) gave 0 at the smallest
  // subnormal, compiled (libm) x, and tan(x) / x's gradient was inf vs NaN.
  const double tiny = std::numeric_limits<double>::denorm_min();
  ExpectGradients(
      "tan(x) / x",
      [](const Array &u, const Array &) { return npg::tan(u) / u; },
      npg::array({tiny, -tiny}), npg::zeros({1}), npg::array({nan, nan}),
      Array());
}

TEST(GradientEdges, CumprodAfterAZeroIgnoresOverflowBeyond) {
  // d y_j / d x_0 for j >= 1 is 0: x_1 is 0. The products beyond it
  // overflow (1e300 * 1e300), and 0 * inf gave NaN. Compiled code runs the
  // same rule (the adjoint scan's strong zero).
  auto compiled =
      npg::compile([](const Array &v) { return npg::cumprod(v).sum(); });
  for (const bool traced : {false, true}) {
    SCOPED_TRACE(traced ? "compiled" : "eager");
    Array x = npg::array({-2.0, -0.0, -1e300, -1e300}, true);
    if (traced)
      (void)compiled(x); // traces (eagerly); the next call runs the code
    const Array y = traced ? compiled(x) : npg::cumprod(x).sum();
    EXPECT_EQ(compiled.stats().cache_hits, traced ? 1 : 0);
    // y = -2 + 0 + -0 + 0; its sign is that of the sum of those.
    EXPECT_EQ(y.item<double>(), -2.0);
    y.backward();
    // d/dx_0 = 1 (y_0) + 0; d/dx_1 = -2 + 2e300 - 2e600: -inf in float64;
    // d/dx_2 = -2 * -0 * (1 + x_3) = 0 (as a product of the others).
    const std::vector<double> g = x.grad()->to_vector<double>();
    EXPECT_EQ(g[0], 1.0);
    EXPECT_EQ(g[1], -inf);
    EXPECT_EQ(g[2], 0.0);
    EXPECT_EQ(g[3], 0.0);
  }
}

TEST(GradientEdges, WritesIntoEmptyBroadcastViewsAreAllowed) {
  // A zero stride on an axis of a view with no elements overlaps nothing:
  // setitem on such a view (and the backward of an op whose gradient is
  // written into one) must not be refused.
  Array x = npg::zeros({2, 0}).broadcast_to({7, 2, 0});
  EXPECT_NO_THROW(x += 1.0);
  Array y = npg::random::randn({2, 0}, {npg::float64, true});
  EXPECT_NO_THROW((y.broadcast_to({5, 2, 0}) * 2.0).sum().backward());
  EXPECT_EQ(y.grad()->shape(), (npg::Shape{2, 0}));
}

} // namespace
