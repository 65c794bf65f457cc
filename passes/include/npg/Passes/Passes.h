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

/// Every npg pass, area by area (Autodiff/, Transforms/, Conversion/,
/// Lowering/, CallingConvention/), and the npg-pipeline pipeline.
void registerAllPasses();

} // namespace npg
