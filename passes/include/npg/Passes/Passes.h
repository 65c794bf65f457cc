#pragma once
// Registration of npg's passes with MLIR's pass registry (for npg-opt and
// textual pipelines).

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace npg {

/// The npg dialect and every upstream dialect and external interface model
/// that npg-pipeline needs (bufferization, deallocation, LLVM translation
/// interfaces): a context compiling npg IR must have them.
void registerPipelineDialects(mlir::DialectRegistry &registry);

/// npg-autodiff (defined in passes/Autodiff).
void registerAutodiffPasses();
/// npg-fold-broadcast-reduce, convert-npg-to-linalg and the npg-pipeline
/// pipeline (defined in passes/Lowering).
void registerLoweringPasses();

/// Every npg pass and pipeline.
void registerAllPasses();

} // namespace npg
