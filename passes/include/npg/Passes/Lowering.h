//===- Lowering.h - npg's linalg-level lowering passes ----------*- C++ -*-===//
//
// From linalg on tensors towards loops the JIT compiles well. The whole
// lowering, npg dialect to LLVM dialect, is buildNpgPipeline
// (npg/Passes/Pipeline.h).
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_LOWERING_H
#define NPG_PASSES_LOWERING_H

#include <memory>

namespace mlir {
class Pass;
} // namespace mlir

namespace npg {

/// npg-fuse-elementwise.
std::unique_ptr<mlir::Pass> createFuseElementwisePass();
/// npg-fuse-siblings.
std::unique_ptr<mlir::Pass> createFuseSiblingsPass();
/// npg-math-approximation.
std::unique_ptr<mlir::Pass> createMathApproximationPass();
/// npg-math-to-libm.
std::unique_ptr<mlir::Pass> createMathToLibmPass();
/// npg-matmul-to-blas.
std::unique_ptr<mlir::Pass> createMatmulToBlasPass();
/// npg-outline-loop-nests.
std::unique_ptr<mlir::Pass> createOutlineLoopNestsPass();

} // namespace npg

#endif // NPG_PASSES_LOWERING_H
