// Every op of the op-case table (test/optable) against LibTorch: one program
// per op and seed, eager npg's values and gradients against LibTorch's
// (float64), at smooth points and at edge values (ties, ±0, ±inf, NaN,
// denormals, constant arrays, empty dimensions, bounds exactly on the
// input), NaN and infinities in the same places. Every op of the table must
// have a LibTorch mapping (TorchProgram.cpp).
#include "OpCases.h"
#include "TorchProgram.h"

#include <gtest/gtest.h>

namespace {

using difftest::OpCase;
using difftest::Outcome;

class TorchOpTable : public ::testing::TestWithParam<OpCase> {};

TEST_P(TorchOpTable, EagerMatchesLibTorch) {
  const OpCase &c = GetParam();
  const auto p = difftest::case_program(c);
  if (!p) {
    EXPECT_TRUE(difftest::may_have_no_program(c)) << "no program of " << c.op;
    return;
  }
  const Outcome o = difftest::check_against_torch(*p);
  EXPECT_NE(o.kind, Outcome::Failed) << o.what << ": " << o.detail << "\n"
                                     << difftest::print(*p);
}

INSTANTIATE_TEST_SUITE_P(Ops, TorchOpTable,
                         ::testing::ValuesIn(difftest::op_cases(3)),
                         [](const ::testing::TestParamInfo<OpCase> &info) {
                           return difftest::case_name(info.param);
                         });

} // namespace
