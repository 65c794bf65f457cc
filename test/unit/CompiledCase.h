#pragma once
// One function checked compiled against eager: npg::compile's forward value
// and every input's gradient must equal eager's (float64 1e-12, float32
// 1e-5). The first compiled call traces on other inputs, so a value baked
// into the trace would show.
#include "Expect.h"

#include <functional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace npg::testing {

struct CompiledCase {
  std::string name;
  std::function<Array(const std::vector<Array> &)> fn;
  std::vector<Shape> shapes;
  bool positive = false; // inputs in (0.5, 2): for log, sqrt, pow
};

inline void PrintTo(const CompiledCase &c, std::ostream *os) { *os << c.name; }

inline double compiled_tolerance(DType d) {
  return d == float32 ? 1e-5 : 1e-12;
}

/// Seeded inputs of c's shapes, all requiring grad.
inline std::vector<Array> inputs_for(const CompiledCase &c, DType dtype,
                                     unsigned seed) {
  npg::random::manual_seed(seed);
  std::vector<Array> in;
  for (const Shape &s : c.shapes)
    in.push_back(c.positive ? npg::random::uniform(0.5, 2.0, s, {dtype, true})
                            : npg::random::randn(s, {dtype, true}));
  return in;
}

/// Checks `compiled`, made from c.fn, against eager; `pick` takes c.fn's
/// result from what `compiled` returns.
template <class C, class Pick>
void ExpectCompiledMatchesEager(const CompiledCase &c, DType dtype,
                                const C &compiled, Pick pick) {
  const double tol = compiled_tolerance(dtype);
  std::vector<Array> eager_in = inputs_for(c, dtype, 1);
  Array eager_out = c.fn(eager_in);
  eager_out.backward();
  // The first call traces (running eagerly); the second runs compiled code.
  std::vector<Array> warm = inputs_for(c, dtype, 2);
  compiled(warm);
  std::vector<Array> in = inputs_for(c, dtype, 1);
  Array out = pick(compiled(in));
  EXPECT_EQ(compiled.stats().compiles, 1);
  EXPECT_EQ(compiled.stats().cache_hits, 1);
  ASSERT_TRUE(out.grad_fn());
  EXPECT_EQ(out.grad_fn()->name(), "Compiled");
  EXPECT_TRUE(ArraysClose(out, eager_out.detach(), tol, tol));
  out.backward();
  for (std::size_t i = 0; i < in.size(); ++i) {
    ASSERT_TRUE(in[i].grad().has_value()) << "input " << i;
    EXPECT_TRUE(ArraysClose(*in[i].grad(), *eager_in[i].grad(), tol, tol))
        << "input " << i;
  }
}

/// c.fn compiled both ways the runtime differentiates: alone, its scalar
/// result makes it a loss whose value and gradient come from one function;
/// returned twice, it is forward then backward.
inline void ExpectCompiledMatchesEager(const CompiledCase &c, DType dtype) {
  {
    SCOPED_TRACE("value and gradient in one function");
    ExpectCompiledMatchesEager(
        c, dtype, npg::compile([fn = c.fn](const std::vector<Array> &v) {
          return fn(v);
        }),
        [](Array out) { return out; });
  }
  SCOPED_TRACE("forward, then backward");
  ExpectCompiledMatchesEager(
      c, dtype, npg::compile([fn = c.fn](const std::vector<Array> &v) {
        Array out = fn(v);
        return std::vector<Array>{out, out};
      }),
      [](std::vector<Array> out) { return out[0]; });
}

/// A suite of cases, each run in float64 and float32.
class CompiledSuite
    : public ::testing::TestWithParam<std::tuple<CompiledCase, DType>> {};

inline auto CompiledSuiteValues(const std::vector<CompiledCase> &cases) {
  return ::testing::Combine(::testing::ValuesIn(cases),
                            ::testing::Values(float64, float32));
}

/// Test names: the case's name and the dtype, e.g. "add_row_f32".
inline std::string CompiledTestName(
    const ::testing::TestParamInfo<CompiledSuite::ParamType> &info) {
  return std::get<0>(info.param).name +
         (std::get<1>(info.param) == float32 ? "_f32" : "_f64");
}

} // namespace npg::testing
