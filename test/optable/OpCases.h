// The op-case table's cases: every drawn op at smooth points and at edge
// values, a few seeds each. The gradcheck/compiled suite and the LibTorch
// suite both instantiate their tests from it.
#pragma once

#include "OpTable.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace difftest {

struct OpCase {
  std::string op;
  bool special; ///< inputs hold edge values
  std::uint64_t seed;
};

/// Each op of op_specs() (but the tester's self-test op), with and without
/// edge values, seeds 1..`seeds`.
std::vector<OpCase> op_cases(std::uint64_t seeds);

/// "<op>_<seed>" or "<op>_edges_<seed>": a test name.
std::string case_name(const OpCase &c);
void PrintTo(const OpCase &c, std::ostream *os);

/// The case's one-op program; nothing if no draw made one.
std::optional<Program> case_program(const OpCase &c);

/// Whether a case may have no program: an op without gradient by design has
/// no smooth points to check. Every op has edge-value programs.
bool may_have_no_program(const OpCase &c);

} // namespace difftest
