// Every op of the op-case table (test/optable) against LibTorch: one program
// per op and seed, eager npg's values and gradients against LibTorch's
// (float64), at smooth points and at edge values (ties, ±0, ±inf, NaN,
// denormals, constant arrays, empty dimensions, bounds exactly on the
// input), NaN and infinities in the same places. Every op of the table must
// have a LibTorch mapping (TorchProgram.cpp).
#include "TorchProgram.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace {

using difftest::Outcome;

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
      for (std::uint64_t seed : {1u, 2u, 3u})
        out.push_back({spec.name, special, seed});
  }
  return out;
}

class TorchOpTable : public ::testing::TestWithParam<OpCase> {};

TEST_P(TorchOpTable, EagerMatchesLibTorch) {
  const OpCase &c = GetParam();
  const std::optional<difftest::Program> p =
      difftest::single_op_program(difftest::spec_of(c.op), c.seed, c.special);
  if (!p) {
    EXPECT_TRUE(!c.special && !difftest::spec_of(c.op).differentiable)
        << "no program of " << c.op;
    return;
  }
  const Outcome o = difftest::check_against_torch(*p);
  EXPECT_NE(o.kind, Outcome::Failed) << o.what << ": " << o.detail << "\n"
                                     << difftest::print(*p);
}

INSTANTIATE_TEST_SUITE_P(Ops, TorchOpTable, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<OpCase> &info) {
                           return info.param.op +
                                  (info.param.special ? "_edges_" : "_") +
                                  std::to_string(info.param.seed);
                         });

} // namespace
