//===- Pipeline.cpp - npg-pipeline and the registration of the passes -----===//

#include "PassDetail.h"

#include "npg/Passes/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

namespace npg {
namespace detail {
// The generated registerLoweringPasses() is inline; keep it out of the way of
// npg::registerLoweringPasses() declared in Passes.h.
#define GEN_PASS_REGISTRATION
#include "Passes.h.inc"
} // namespace detail

void buildNpgPipeline(mlir::OpPassManager &pm) {
  // TODO: the full pipeline.
  pm.addPass(createFoldBroadcastReducePass());
  pm.addPass(createConvertNpgToLinalgPass());
}

void registerLoweringPasses() {
  detail::registerLoweringPasses();
  mlir::PassPipelineRegistration<>(
      "npg-pipeline",
      "Lower npg dialect IR to LLVM dialect IR for the JIT: results become "
      "caller-allocated out-params, public functions get a C interface",
      [](mlir::OpPassManager &pm) { buildNpgPipeline(pm); });
}

} // namespace npg
