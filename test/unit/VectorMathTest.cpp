// The SLEEF vector kernels behind eager exp/log/tanh/sin/cos/tan agree with
// <cmath> to a few ULP on ordinary and special values, at every run length
// (the partial last vector included), and strided inputs take the scalar path
// to the same values.
#include "Expect.h"

#include <npg/runtime/VectorMath.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace {

using npg::vmath::Fn;

template <class T> T reference(Fn fn, T v) {
  switch (fn) {
  case Fn::Exp:
    return std::exp(v);
  case Fn::Log:
    return std::log(v);
  case Fn::Tanh:
    return std::tanh(v);
  case Fn::Sin:
    return std::sin(v);
  case Fn::Cos:
    return std::cos(v);
  case Fn::Tan:
    return std::tan(v);
  }
  return v;
}

/// Ordinary values of every magnitude, plus the special ones.
template <class T> std::vector<T> inputs() {
  using L = std::numeric_limits<T>;
  std::vector<T> v = {T(0),           -T(0),          T(1),           -T(1),
                      T(0.5),         T(-2.5),        T(20),          T(-20),
                      T(88),          T(-100),        T(700),         T(1e-30),
                      L::infinity(),  -L::infinity(), L::quiet_NaN(), L::min(),
                      L::denorm_min()};
  std::mt19937 gen(7);
  std::normal_distribution<double> normal(0.0, 3.0);
  while (v.size() < 101)
    v.push_back(static_cast<T>(normal(gen)));
  return v;
}

template <class T> void check_all_lengths() {
  const std::vector<T> in = inputs<T>();
  const T eps = std::numeric_limits<T>::epsilon();
  for (Fn fn : {Fn::Exp, Fn::Log, Fn::Tanh, Fn::Sin, Fn::Cos, Fn::Tan}) {
    for (std::size_t n : {0, 1, 3, 7, 8, 9, 15, 16, 17, 33, 101}) {
      std::vector<T> out(n + 1, T(42));
      npg::vmath::apply(fn, in.data(), out.data(),
                        static_cast<std::int64_t>(n));
      EXPECT_EQ(out[n], T(42)) << "wrote past the run of " << n;
      for (std::size_t i = 0; i < n; ++i) {
        const T want = reference(fn, in[i]);
        const T got = out[i];
        if (std::isnan(want)) {
          EXPECT_TRUE(std::isnan(got)) << "f(" << in[i] << ") = " << got;
        } else if (std::isinf(want) || want == T(0)) {
          EXPECT_EQ(got, want) << "f(" << in[i] << ")";
        } else {
          // Four ULP; among subnormals, where an ULP is absolute, two.
          const T tolerance =
              std::max(4 * eps * std::fabs(want),
                       2 * std::numeric_limits<T>::denorm_min());
          EXPECT_NEAR(got, want, tolerance)
              << "fn " << static_cast<int>(fn) << " at " << in[i];
        }
      }
    }
  }
}

TEST(VectorMath, Float32MatchesCmathAtEveryLength) {
  check_all_lengths<float>();
}

TEST(VectorMath, Float64MatchesCmathAtEveryLength) {
  check_all_lengths<double>();
}

// tan(x) rounds to x for tiny x; SLEEF's gives 0 at the smallest
// subnormal, and 1/tan(x) or x/tan(x) then differ from compiled code's.
template <class T> void check_tan_of_tiny_arguments() {
  using L = std::numeric_limits<T>;
  std::vector<T> v = {L::denorm_min(), -L::denorm_min(), 3 * L::denorm_min(),
                      L::min(),        T(1e-20),         -T(1e-30)};
  std::vector<T> out(v.size());
  npg::vmath::apply(Fn::Tan, v.data(), out.data(),
                    static_cast<std::int64_t>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i)
    EXPECT_EQ(out[i], v[i]) << "tan(" << v[i] << ")";
  npg::vmath::apply(Fn::Tan, v.data(), v.data(), // in place
                    static_cast<std::int64_t>(v.size()));
  EXPECT_EQ(out, v);
}

TEST(VectorMath, TanOfATinyArgumentIsTheArgument) {
  check_tan_of_tiny_arguments<float>();
  check_tan_of_tiny_arguments<double>();
}

TEST(VectorMath, InPlaceApplication) {
  std::vector<double> v = {0.0, 1.0, 2.0};
  npg::vmath::apply(Fn::Exp, v.data(), v.data(), 3);
  EXPECT_DOUBLE_EQ(v[1], std::exp(1.0));
  EXPECT_DOUBLE_EQ(v[2], std::exp(2.0));
}

TEST(VectorMath, StridedViewsGiveTheContiguousValues) {
  npg::random::manual_seed(3);
  const npg::Array x = npg::random::randn({37, 5}).astype(npg::float32);
  const npg::Array xt = x.T(); // strided: the scalar path
  EXPECT_TRUE(npg::testing::ArraysClose(npg::tanh(xt),
                                        npg::tanh(xt.contiguous()), 1e-6, 0));
  EXPECT_TRUE(npg::testing::ArraysClose(npg::exp(xt.slice(1, 0, 37, 2)),
                                        npg::exp(xt.slice(1, 0, 37, 2).copy()),
                                        1e-6, 0));
}

} // namespace
