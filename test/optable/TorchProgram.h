#pragma once
// The op-case table's LibTorch side: each op of the table as LibTorch
// computes it, and a program's eager npg values and gradients checked
// against LibTorch's (float64, NaN and infinities in the same places). For
// the edges where finite differences mean nothing; PyTorch's conventions
// are npg's for gradients.
#include "OpTable.h"

#include <torch/types.h>

namespace difftest {

/// Node `n` of the table computed by LibTorch from its operands; throws
/// std::runtime_error for an op with no LibTorch mapping.
torch::Tensor torch_eval(const Node &n, const std::vector<torch::Tensor> &args);

/// Whether npg's values of op `op` follow numpy where LibTorch's differ
/// (sign of NaN, ...): then only gradients are compared, where defined.
bool numpy_values(const std::string &op);

/// Whether LibTorch's gradients of op `op` at non-finite, zero or denormal
/// inputs follow a convention or formula other than npg's (amax against
/// max, a division where npg multiplies the other elements): programs with
/// such inputs are then not compared.
bool edge_gradients_differ(const std::string &op);

/// `p` run by npg (eager, float64) and by LibTorch: sink values, loss and
/// input gradients must agree to 1e-10 (relative), NaNs and infinities in
/// the same places.
Outcome check_against_torch(const Program &p);

} // namespace difftest
