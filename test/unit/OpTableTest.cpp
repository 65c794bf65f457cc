// Every op of the op-case table (test/optable), one program per op and
// seed: eager gradients against central differences and npg::compile
// against eager at smooth points, and, with edge values (ties, ±0, ±inf,
// NaN, denormals, constant arrays, empty dimensions, bounds exactly on the
// input), compiled against eager with NaN and infinities in the same places.
// The op list is the table's: a new op is checked once it has an OpSpec.
#include "Check.h"
#include "OpCases.h"

#include <gtest/gtest.h>

namespace {

using difftest::OpCase;
using difftest::Outcome;

class OpTable : public ::testing::TestWithParam<OpCase> {};

TEST_P(OpTable, EagerAndCompiledAgree) {
  const OpCase &c = GetParam();
  const auto p = difftest::case_program(c);
  if (!p) {
    EXPECT_TRUE(difftest::may_have_no_program(c)) << "no program of " << c.op;
    return;
  }
  const Outcome o = difftest::check(*p);
  EXPECT_NE(o.kind, Outcome::Failed) << o.what << ": " << o.detail << "\n"
                                     << difftest::print(*p);
}

INSTANTIATE_TEST_SUITE_P(Ops, OpTable,
                         ::testing::ValuesIn(difftest::op_cases(2)),
                         [](const ::testing::TestParamInfo<OpCase> &info) {
                           return difftest::case_name(info.param);
                         });

} // namespace
