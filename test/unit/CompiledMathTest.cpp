// Compiled float32 transcendentals (npg-math-approximation's expansions) are
// within a few ulps of the exact value over dense sweeps, as eager's SLEEF
// kernels are, and equal eager's on special values. The exact value is the
// float64 eager result of the same float32 inputs.
//
// The sweeps include what used to be wrong: sin and cos far from 0 (off by
// 5e-5 at |x| = 1000) and near multiples of pi (1% of the value), and
// 1 + tanh(x) for x << 0, which GELU's gradient needs (off by 4 units of
// 2^-24, and tanh was exactly -1 from x = -7.99 on).
#include "Expect.h"

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace {

using npg::Array;

struct MathCase {
  std::string name;
  std::function<Array(const Array &)> fn;
  double lo, hi;
  double max_ulps; // float32 ulps of the exact value
};

void PrintTo(const MathCase &c, std::ostream *os) { *os << c.name; }

/// The spacing of float32 numbers at |v| (denormal spacing at least).
double float32_ulp(double v) {
  const double a = std::abs(v);
  if (a < std::numeric_limits<float>::min())
    return std::numeric_limits<float>::denorm_min();
  return std::ldexp(1.0, std::ilogb(a) - 23);
}

/// n float32 values spread evenly over [lo, hi], as float64.
std::vector<double> sweep(double lo, double hi, int n) {
  std::vector<double> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    x[static_cast<std::size_t>(i)] =
        static_cast<float>(lo + (hi - lo) * i / (n - 1));
  return x;
}

/// fn of x, compiled for float32 (the second call runs compiled code).
std::vector<double> compiled_float32(const MathCase &c,
                                     const std::vector<double> &x) {
  auto f = npg::compile([&](const Array &a) { return c.fn(a); });
  const auto n = static_cast<std::int64_t>(x.size());
  Array in = npg::array(x, {n}).astype(npg::float32);
  f(in);
  return f(in).astype(npg::float64).to_vector<double>();
}

class CompiledMath : public ::testing::TestWithParam<MathCase> {};

TEST_P(CompiledMath, Float32WithinAFewUlpsOfExact) {
  const MathCase &c = GetParam();
  const std::vector<double> x = sweep(c.lo, c.hi, 100001);
  const std::vector<double> got = compiled_float32(c, x);
  const auto n = static_cast<std::int64_t>(x.size());
  const std::vector<double> exact =
      c.fn(npg::array(x, {n})).to_vector<double>();
  double worst = 0, at = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double ulps = std::abs(got[i] - exact[i]) / float32_ulp(exact[i]);
    if (!(ulps <= worst))
      worst = ulps, at = x[i];
  }
  EXPECT_LE(worst, c.max_ulps) << c.name << " at x = " << at;
}

// Measured: exp 1.35, log 1.01, sigmoid 2.98, softplus 2.79, sin and cos
// 1.00, tanh 2.13 (upstream's rational form was 4.2 ulps off near 0).
INSTANTIATE_TEST_SUITE_P(
    Sweeps, CompiledMath,
    ::testing::Values(
        MathCase{"exp", [](const Array &x) { return x.exp(); }, -87, 88, 2},
        MathCase{"log", [](const Array &x) { return x.log(); }, 1e-6, 1e6, 2},
        MathCase{"tanh", [](const Array &x) { return x.tanh(); }, -10, 10, 3},
        MathCase{"sigmoid", [](const Array &x) { return x.sigmoid(); }, -30, 30,
                 4},
        MathCase{"softplus", [](const Array &x) { return x.softplus(); }, -30,
                 30, 4},
        MathCase{"sin", [](const Array &x) { return x.sin(); }, -10, 10, 1.5},
        MathCase{"cos", [](const Array &x) { return x.cos(); }, -10, 10, 1.5},
        MathCase{"sin_far", [](const Array &x) { return x.sin(); }, -1e5, 1e5,
                 1.5},
        MathCase{"cos_far", [](const Array &x) { return x.cos(); }, -1e5, 1e5,
                 1.5}),
    [](const auto &info) { return info.param.name; });

// 1 + tanh(x) for x < 0 (and 1 - tanh(x) for x > 0) is what derivatives
// through tanh use: it must be right to float32's spacing at 1, 2^-24, out
// to where eager's tanh reaches -1 (x = -9.01).
TEST(CompiledMath, OnePlusTanhKeepsItsLastBits) {
  const MathCase c{"1+tanh", [](const Array &x) { return x.tanh() + 1.0; },
                   -9.5, -0.5, 0};
  const std::vector<double> x = sweep(c.lo, c.hi, 100001);
  const std::vector<double> got = compiled_float32(c, x);
  double worst = 0, at = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double err = std::abs(got[i] - (1 + std::tanh(x[i]))) * 0x1p24;
    if (!(err <= worst))
      worst = err, at = x[i];
  }
  EXPECT_LE(worst, 1.5) << "at x = " << at; // measured 1.21 at -0.681
}

TEST(CompiledMath, SpecialValuesAsEager) {
  using L = std::numeric_limits<float>;
  const std::vector<double> x = {0.0,
                                 -0.0,
                                 L::infinity(),
                                 -L::infinity(),
                                 L::quiet_NaN(),
                                 L::denorm_min(),
                                 -L::min(),
                                 1e-30,
                                 M_PI,
                                 -M_PI / 2,
                                 8.5,
                                 -8.5,
                                 100.0,
                                 4e8};
  const auto n = static_cast<std::int64_t>(x.size());
  for (const MathCase &c :
       {MathCase{"sin", [](const Array &a) { return a.sin(); }, 0, 0, 0},
        MathCase{"cos", [](const Array &a) { return a.cos(); }, 0, 0, 0},
        MathCase{"tanh", [](const Array &a) { return a.tanh(); }, 0, 0, 0}}) {
    const std::vector<double> got = compiled_float32(c, x);
    const std::vector<double> eager =
        c.fn(npg::array(x, {n}).astype(npg::float32))
            .astype(npg::float64)
            .to_vector<double>();
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::isnan(eager[i])) {
        EXPECT_TRUE(std::isnan(got[i])) << c.name << "(" << x[i] << ")";
        continue;
      }
      // Equal, signed zeros included, or one float32 ulp apart (each rounds
      // once; SLEEF is within one ulp of exact too).
      EXPECT_LE(std::abs(got[i] - eager[i]), float32_ulp(eager[i]))
          << c.name << "(" << x[i] << "): " << got[i] << " vs eager "
          << eager[i];
      EXPECT_EQ(std::signbit(got[i]), std::signbit(eager[i]))
          << c.name << "(" << x[i] << ")";
    }
  }
}

} // namespace
