//===- Pipeline.h - npg-pipeline --------------------------------*- C++ -*-===//

#ifndef NPG_PASSES_PIPELINE_H
#define NPG_PASSES_PIPELINE_H

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace npg {

/// The whole lowering, npg dialect to LLVM dialect, on a module (the
/// `npg-pipeline` pipeline). Calling convention of every public function of
/// the result: `_mlir_ciface_<name>(in0*, ..., out0*, ...)` takes one pointer
/// to an identity-layout memref descriptor per input and then one per result;
/// the caller allocates the result buffers and the function returns nothing.
void buildNpgPipeline(mlir::OpPassManager &pm);

} // namespace npg

#endif // NPG_PASSES_PIPELINE_H
