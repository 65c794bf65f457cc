// Every op of the op-case table (test/optable), one program per op and
// seed: eager gradients against central differences and npg::compile
// against eager at smooth points, and, with edge values (ties, ±0, ±inf,
// NaN, denormals, constant arrays, empty dimensions, bounds exactly on the
// input), compiled against eager with NaN and infinities in the same places.
// The op list is the table's: a new op is checked once it has an OpSpec.
#include "Check.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace {

using difftest::Outcome;
using difftest::Program;

struct OpCase {
  std::string op;
  bool special;
  std::uint64_t seed;
};

void PrintTo(const OpCase &c, std::ostream *os) {
  *os << c.op << (c.special ? "_edges_" : "_") << c.seed;
}

std::vector<OpCase> cases() {
  std::vector<OpCase> out;
  for (const difftest::OpSpec &spec : difftest::op_specs()) {
    if (spec.weight == 0) // never drawn: the tester's self-test op
      continue;
    for (bool special : {false, true})
      for (std::uint64_t seed : {1u, 2u})
        out.push_back({spec.name, special, seed});
  }
  return out;
}

class OpTable : public ::testing::TestWithParam<OpCase> {};

TEST_P(OpTable, EagerAndCompiledAgree) {
  const OpCase &c = GetParam();
  const std::optional<Program> p =
      difftest::single_op_program(difftest::spec_of(c.op), c.seed, c.special);
  // Every op can be drawn with edge values, and at smooth points unless it
  // has no gradient by design.
  if (!p) {
    EXPECT_TRUE(!c.special && !difftest::spec_of(c.op).differentiable)
        << "no program of " << c.op;
    return;
  }
  const Outcome o = difftest::check(*p);
  EXPECT_NE(o.kind, Outcome::Failed) << o.what << ": " << o.detail << "\n"
                                     << difftest::print(*p);
}

INSTANTIATE_TEST_SUITE_P(Ops, OpTable, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<OpCase> &info) {
                           return info.param.op +
                                  (info.param.special ? "_edges_" : "_") +
                                  std::to_string(info.param.seed);
                         });

} // namespace
