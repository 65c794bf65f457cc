//===- UniqueReturnedBuffers.cpp - npg-unique-returned-buffers ------------===//
//
// Every memref a function returns gets a fresh buffer of its own, so that
// buffer-results-to-out-params can hoist each one into its out-param (MLIR
// 19's hoist-static-allocs crashes on returned arguments and on a buffer
// returned twice).
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace npg {
#define GEN_PASS_DEF_UNIQUERETURNEDBUFFERSPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {
struct UniqueReturnedBuffersPass
    : ::npg::impl::UniqueReturnedBuffersPassBase<UniqueReturnedBuffersPass> {
  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      llvm::SmallPtrSet<Value, 8> seen;
      OpBuilder b(ret);
      for (OpOperand &operand : ret->getOpOperands()) {
        Value v = operand.get();
        auto type = dyn_cast<MemRefType>(v.getType());
        bool fresh = v.getDefiningOp<memref::AllocOp>() != nullptr;
        if (!type || (fresh && seen.insert(v).second))
          continue;
        // A plain loop copy (memref.copy could become a runtime call).
        auto copy = b.create<memref::AllocOp>(ret.getLoc(), type,
                                              b.getI64IntegerAttr(64));
        b.create<linalg::CopyOp>(ret.getLoc(), v, copy.getResult());
        operand.set(copy);
        seen.insert(copy);
      }
    });
  }
};
} // namespace
