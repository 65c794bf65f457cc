//===- Pipeline.cpp - npg-pipeline ----------------------------------------===//
//
// The whole lowering from npg dialect IR to the LLVM dialect, as one pass
// pipeline: npg-opt's `--npg-pipeline` and the JIT runtime's
// npg::buildNpgPipeline are the same list.
//
//===----------------------------------------------------------------------===//

#include "npg/Passes/Pipeline.h"

#include "npg/Passes/CallingConvention.h"
#include "npg/Passes/Conversion.h"
#include "npg/Passes/Lowering.h"
#include "npg/Passes/Transforms.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace npg {

namespace {
/// Buffer copies as linalg.copy, which becomes a plain loop. memref.copy of a
/// non-contiguous view would lower to a call into MLIR's C runner library,
/// which the JIT does not link.
mlir::LogicalResult linalgCopy(mlir::OpBuilder &b, mlir::Location loc,
                               mlir::Value from, mlir::Value to) {
  b.create<mlir::linalg::CopyOp>(loc, from, to);
  return mlir::success();
}
} // namespace

void buildNpgPipeline(mlir::OpPassManager &pm) {
  using namespace mlir;
  // npg level: composite ops expanded (autodiff has used their rules),
  // simplified, then the sums over broadcast axes that gradients of
  // broadcasts create removed, and the gradients of slices summed region by
  // region.
  pm.addPass(createDecomposePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createFoldBroadcastReducePass());
  pm.addPass(createFoldSliceGradientsPass());
  pm.addPass(createCanonicalizerPass());

  // Tensor level: one generic per op, then fuse elementwise chains,
  // broadcasts (as indexing maps) and the reductions they feed, and merge
  // generics that read the same tensor over the same loops.
  pm.addPass(createConvertNpgToLinalgPass());
  pm.addPass(createFuseElementwisePass());
  pm.addPass(createFuseSiblingsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Buffers: identity layouts at function boundaries (the runtime passes
  // contiguous arrays), results turned into caller-allocated out-params; a
  // result computed into a fresh buffer is computed straight into the
  // out-param (hoistStaticAllocs) instead of being copied there.
  bufferization::OneShotBufferizationOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  bufferize.memCpyFn = linalgCopy;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsOpts outParams;
  outParams.hoistStaticAllocs = true;
  outParams.memCpyFn = linalgCopy;
  std::unique_ptr<Pass> outParamsPass =
      bufferization::createBufferResultsToOutParamsPass(outParams);
  // MLIR 19's pass overwrites the C++ hoistStaticAllocs with its own textual
  // option, so set that one.
  (void)outParamsPass->initializeOptions(
      "hoist-static-allocs=true",
      [](const llvm::Twine &) { return failure(); });
  pm.addNestedPass<func::FuncOp>(createUniqueReturnedBuffersPass());
  pm.addPass(std::move(outParamsPass));
  // Small buffers (a reduction's accumulator) on the stack: LLVM then knows
  // no store through an argument aliases them and keeps them in registers,
  // which a loop that also stores a result needs to vectorise.
  pm.addNestedPass<func::FuncOp>(
      bufferization::createPromoteBuffersToStackPass());
  bufferization::buildBufferDeallocationPipeline(
      pm, bufferization::BufferDeallocationPipelineOptions());
  pm.addPass(createCanonicalizerPass());

  // Large matmuls to BLAS; the rest to loops, then scalar code LLVM
  // vectorises: f32 math as polynomials, integer powers as generated
  // functions; float64 expm1 and log1p as libm calls (precise near 0).
  pm.addPass(createMatmulToBlasPass());
  pm.addPass(createConvertLinalgToLoopsPass());
  // A long function's loop nests as functions of their own: LLVM's time
  // grows faster than linearly with one function's size.
  pm.addPass(createOutlineLoopNestsPass());
  pm.addPass(createMathApproximationPass());
  pm.addPass(createMathToLibmPass());
  pm.addPass(createConvertMathToFuncs());
  pm.addPass(createConvertSCFToCFPass());

  // LLVM dialect.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createEmitCInterfacePass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createNoaliasArgumentsPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

} // namespace npg
