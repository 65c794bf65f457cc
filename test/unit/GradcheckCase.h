#pragma once
// A table-driven gradcheck case and its runner, shared by the op suites.
#include "Expect.h"
#include "common/SeededInputs.h"

#include <functional>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace npg::testing {

struct GradcheckCase {
  std::string name;
  std::function<Array(const std::vector<Array> &)> fn;
  std::vector<Input> inputs;
};

// gtest prints parameters; keep that to the name.
inline void PrintTo(const GradcheckCase &c, std::ostream *os) { *os << c.name; }

/// Checks c.fn's gradients against finite differences on inputs of `dtype`
/// seeded from the case's name; a failure shows the inputs.
inline void expect_gradcheck(const GradcheckCase &c, DType dtype) {
  random::manual_seed(seed_of(c.name));
  std::vector<Array> inputs;
  for (const Input &in : c.inputs)
    inputs.push_back(make_input(in, dtype));
  try {
    EXPECT_TRUE(gradcheck(c.fn, inputs));
  } catch (const Error &e) {
    std::ostringstream shown;
    for (std::size_t i = 0; i < inputs.size(); ++i)
      shown << "\ninput " << i << ": " << inputs[i];
    ADD_FAILURE() << e.what() << shown.str();
  }
}

/// x's gradient after out.backward(grad) (a one-element out is seeded with 1).
inline Array grad_of(const Array &x, const Array &out,
                     std::optional<Array> grad = std::nullopt) {
  out.backward(grad);
  EXPECT_TRUE(x.grad().has_value());
  return x.grad().value_or(Array());
}

} // namespace npg::testing
