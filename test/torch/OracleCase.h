#pragma once
// One op checked against LibTorch: the same computation written with npg and
// with torch, run on the same seeded inputs and compared in value and in
// every input's gradient. The parameterised oracle suites are lists of these.
#include "TorchOracle.h"

#include <functional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace npg::torch_oracle {

struct OracleCase {
  std::string name;
  std::vector<Input> inputs;
  std::function<Array(const std::vector<Array> &)> npg_fn;
  std::function<torch::Tensor(const std::vector<torch::Tensor> &)> torch_fn;
};

inline void PrintTo(const OracleCase &c, std::ostream *os) { *os << c.name; }

/// Runs `c` in `dtype`: the forward values, then every input's gradient
/// after one backward with the same random upstream gradient.
inline void ExpectMatchesTorch(const OracleCase &c, DType dtype) {
  const Tol tol = tol_for(dtype);
  npg::random::manual_seed(seed_of(c.name));
  std::vector<Array> xs;
  std::vector<torch::Tensor> ts;
  for (const Input &in : c.inputs) {
    xs.push_back(npg::array(draw(in), in.shape, {dtype, true}));
    ts.push_back(to_torch(xs.back()).requires_grad_(true));
  }
  const Array out = c.npg_fn(xs);
  const torch::Tensor tout = c.torch_fn(ts);
  ASSERT_TRUE(MatchesTorch(out, tout, tol)) << "forward";
  ASSERT_TRUE(out.requires_grad());
  ASSERT_TRUE(out.grad_fn());

  const Array g = npg::random::randn(out.shape(), out.dtype());
  out.backward(g);
  tout.backward(to_torch(g));
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const torch::Tensor &tg = ts[i].grad();
    ASSERT_TRUE(tg.defined()) << "torch gave input " << i << " no gradient";
    ASSERT_TRUE(xs[i].grad().has_value())
        << "npg gave input " << i << " no gradient";
    EXPECT_TRUE(MatchesTorch(*xs[i].grad(), tg, tol))
        << "gradient of input " << i;
  }
}

/// A suite of cases, each run in float64 and float32 (see OracleSuiteValues).
class OracleSuite
    : public ::testing::TestWithParam<std::tuple<OracleCase, DType>> {};

inline auto OracleSuiteValues(const std::vector<OracleCase> &cases) {
  return ::testing::Combine(::testing::ValuesIn(cases),
                            ::testing::Values(npg::float64, npg::float32));
}

/// Test names: the case's name and the dtype, e.g. "add_f32".
inline std::string
OracleTestName(const ::testing::TestParamInfo<OracleSuite::ParamType> &info) {
  return std::get<0>(info.param).name +
         (std::get<1>(info.param) == npg::float32 ? "_f32" : "_f64");
}

} // namespace npg::torch_oracle
