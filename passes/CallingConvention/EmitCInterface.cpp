//===- EmitCInterface.cpp - npg-emit-c-interface --------------------------===//
//
// Marks every public function `llvm.emit_c_interface`, so that
// convert-func-to-llvm also emits `_mlir_ciface_<name>`, which takes pointers
// to memref descriptors: the entry point the JIT runtime calls.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace npg {
#define GEN_PASS_DEF_EMITCINTERFACEPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {
struct EmitCInterfacePass
    : ::npg::impl::EmitCInterfacePassBase<EmitCInterfacePass> {
  void runOnOperation() override {
    UnitAttr unit = UnitAttr::get(&getContext());
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal())
        func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(), unit);
  }
};
} // namespace
