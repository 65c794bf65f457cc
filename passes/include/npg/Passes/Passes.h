#pragma once
// Registration of npg's passes with MLIR's pass registry (for npg-opt and
// textual pipelines).

namespace npg {

/// npg-autodiff (defined in passes/Autodiff).
void registerAutodiffPasses();
/// npg-fold-broadcast-reduce, convert-npg-to-linalg and the npg-pipeline
/// pipeline (defined in passes/Lowering).
void registerLoweringPasses();

/// Every npg pass and pipeline.
void registerAllPasses();

} // namespace npg
