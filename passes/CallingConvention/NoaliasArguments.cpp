//===- NoaliasArguments.cpp - npg-noalias-arguments -----------------------===//
//
// The runtime's calling convention promises that a compiled function's
// buffers do not overlap where it writes: results are fresh buffers, inputs
// are only read. Saying so to LLVM (`noalias` on the pointers of every memref
// argument) lets it keep an accumulator that lives in a result in a register
// while the same loop stores another result, which a value computed with its
// gradient needs to vectorise.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace npg {
#define GEN_PASS_DEF_NOALIASARGUMENTSPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {
struct NoaliasArgumentsPass
    : ::npg::impl::NoaliasArgumentsPassBase<NoaliasArgumentsPass> {
  void runOnOperation() override {
    StringRef wrapper = LLVM::LLVMDialect::getEmitCWrapperAttrName();
    UnitAttr unit = UnitAttr::get(&getContext());
    for (auto func : getOperation().getOps<LLVM::LLVMFuncOp>()) {
      // The entry points (their _mlir_ciface_ wrappers take descriptors),
      // and loop nests outlined from them onto buffers of their own.
      const bool entry = func->hasAttr(wrapper) &&
                         !func.getName().starts_with("_mlir_ciface_");
      if (func.isExternal() ||
          !(entry || func->hasAttr(::npg::kNoaliasArgumentsAttrName)))
        continue;
      for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
        if (isa<LLVM::LLVMPointerType>(type))
          func.setArgAttr(i, LLVM::LLVMDialect::getNoAliasAttrName(), unit);
    }
  }
};
} // namespace
