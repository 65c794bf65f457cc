//===- Lowering.h - npg lowering passes and pipeline ------------*- C++ -*-===//
//
// From npg dialect IR to LLVM dialect IR ready for the JIT. The passes are
// also registered by npg::registerLoweringPasses() (npg/Passes/Passes.h).
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_LOWERING_H
#define NPG_PASSES_LOWERING_H

#include <memory>

namespace mlir {
class OpPassManager;
class Pass;
} // namespace mlir

namespace npg {

/// npg-fold-broadcast-reduce.
std::unique_ptr<mlir::Pass> createFoldBroadcastReducePass();
/// convert-npg-to-linalg.
std::unique_ptr<mlir::Pass> createConvertNpgToLinalgPass();
/// npg-fuse-siblings.
std::unique_ptr<mlir::Pass> createFuseSiblingsPass();
/// npg-unique-returned-buffers (on func.func).
std::unique_ptr<mlir::Pass> createUniqueReturnedBuffersPass();
/// npg-math-approximation.
std::unique_ptr<mlir::Pass> createMathApproximationPass();
/// npg-matmul-to-blas.
std::unique_ptr<mlir::Pass> createMatmulToBlasPass();
/// npg-noalias-arguments.
std::unique_ptr<mlir::Pass> createNoaliasArgumentsPass();
/// npg-emit-c-interface.
std::unique_ptr<mlir::Pass> createEmitCInterfacePass();

/// The whole lowering, npg dialect to LLVM dialect, on a module (the
/// `npg-pipeline` pipeline). Calling convention of every public function of
/// the result: `_mlir_ciface_<name>(in0*, ..., out0*, ...)` takes one pointer
/// to an identity-layout memref descriptor per input and then one per result;
/// the caller allocates the result buffers and the function returns nothing.
void buildNpgPipeline(mlir::OpPassManager &pm);

} // namespace npg

#endif // NPG_PASSES_LOWERING_H
