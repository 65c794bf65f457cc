//===- RegisterAll.cpp - every npg pass in MLIR's registry ----------------===//
//
// Each area's Passes.td generates its passes' declarations and registration
// (inline functions, in the area's build directory); here they all meet.
//
//===----------------------------------------------------------------------===//

#include "npg/Passes/Passes.h"

#include "npg/Passes/Autodiff.h"
#include "npg/Passes/CallingConvention.h"
#include "npg/Passes/Conversion.h"
#include "npg/Passes/Lowering.h"
#include "npg/Passes/Pipeline.h"
#include "npg/Passes/Transforms.h"

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassRegistry.h"

namespace npg {
#define GEN_PASS_DECL
#include "Autodiff/Passes.h.inc"
#define GEN_PASS_DECL
#include "Transforms/Passes.h.inc"
#define GEN_PASS_DECL
#include "Conversion/Passes.h.inc"
#define GEN_PASS_DECL
#include "Lowering/Passes.h.inc"
#define GEN_PASS_DECL
#include "CallingConvention/Passes.h.inc"
// The generated registration functions are inline; keep them apart.
namespace gen {
#define GEN_PASS_REGISTRATION
#include "Autodiff/Passes.h.inc"
#define GEN_PASS_REGISTRATION
#include "Transforms/Passes.h.inc"
#define GEN_PASS_REGISTRATION
#include "Conversion/Passes.h.inc"
#define GEN_PASS_REGISTRATION
#include "Lowering/Passes.h.inc"
#define GEN_PASS_REGISTRATION
#include "CallingConvention/Passes.h.inc"
} // namespace gen

void registerAllPasses() {
  gen::registerAutodiffPasses();
  gen::registerTransformsPasses();
  gen::registerConversionPasses();
  gen::registerLoweringPasses();
  gen::registerCallingConventionPasses();
  mlir::PassPipelineRegistration<>(
      "npg-pipeline",
      "Lower npg dialect IR to LLVM dialect IR for the JIT. Every public "
      "function f gets _mlir_ciface_f(in0*, ..., out0*, ...): one memref "
      "descriptor pointer per input, then one per result, whose buffer the "
      "caller allocates; f returns nothing",
      [](mlir::OpPassManager &pm) { buildNpgPipeline(pm); });
}

} // namespace npg
