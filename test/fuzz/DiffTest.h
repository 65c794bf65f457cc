#pragma once
// npg_difftest: random programs over npg's differentiable ops, drawn from
// the op-case table (test/optable/OpTable.h), checked eagerly against finite
// differences and compiled against eager; programs with edge values
// (ties, zeros, ±inf, NaN, ...) are checked compiled against eager and, where
// LibTorch is built in, eager against LibTorch.
#include "OpTable.h"

namespace difftest {

// --- Checking (Check.cpp)
// -----------------------------------------------------
struct CheckOptions {
  bool compiled = true; // also check npg::compile (traceable programs only)
};
Outcome check(const Program &p, const CheckOptions &options = {});

/// Eager values and gradients of `p` against another implementation (the
/// LibTorch oracle, TorchProgram.cpp), or nothing where none is built in.
using Oracle = std::function<Outcome(const Program &)>;
void set_oracle(Oracle oracle);

// --- Generation and shrinking
// ---------------------------------------------------
struct GenOptions {
  int max_ops = 10;
  bool allow_untraceable = true;
  /// The share of programs whose inputs hold edge values.
  double special = 0.25;
};
Program generate(std::uint64_t seed, const GenOptions &options);
/// A smaller program failing the same way as `p` (whose outcome is `failure`).
Program shrink(const Program &p, const Outcome &failure, bool verbose);

} // namespace difftest
