#pragma once
// The checks on one program of the op-case table, shared by the random
// tester and the fixed suites: eager gradients against central differences
// in float64, then npg::compile'd values and gradients against eager ones in
// float64 (1e-12) and float32 (1e-5). A program with edge values skips the
// finite differences (they mean nothing at a kink, an infinity or NaN):
// compiled is compared with eager with NaN and infinities in the same
// places, and eager with an oracle (LibTorch, where built in).
#include "OpTable.h"

#include <functional>

namespace difftest {

struct CheckOptions {
  bool compiled = true; // also check npg::compile (traceable programs only)
};
Outcome check(const Program &p, const CheckOptions &options = {});

/// Eager values and gradients of `p` against another implementation (the
/// LibTorch oracle, TorchProgram.h's check_against_torch), for programs with
/// edge values; none by default.
using Oracle = std::function<Outcome(const Program &)>;
void set_oracle(Oracle oracle);

} // namespace difftest
