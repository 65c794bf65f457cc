//===- SplitEmptyTensors.cpp - npg-split-empty-tensors --------------------===//
//
// CSE merges every `tensor.empty` of one type into one value, so the
// destinations of hundreds of generics become one tensor. One-Shot
// Bufferize then sees them all as writes into one alias set and compares
// each with every other: in an unrolled recurrence (an LSTM of T steps) its
// analysis grew as T^2 and more. Each use with a `tensor.empty` of its own
// asks nothing: every one gets a fresh buffer, as it would anyway.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "llvm/ADT/STLExtras.h"

namespace npg {
#define GEN_PASS_DEF_SPLITEMPTYTENSORSPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {
struct SplitEmptyTensorsPass
    : ::npg::impl::SplitEmptyTensorsPassBase<SplitEmptyTensorsPass> {
  void runOnOperation() override {
    SmallVector<tensor::EmptyOp> shared;
    getOperation()->walk([&](tensor::EmptyOp empty) {
      if (!empty->hasOneUse() && !empty->use_empty())
        shared.push_back(empty);
    });
    OpBuilder b(&getContext());
    for (tensor::EmptyOp empty : shared) {
      // A copy just before each user (the sizes, if any, dominate the
      // original, so they dominate there too).
      for (OpOperand &use : llvm::make_early_inc_range(empty->getUses())) {
        b.setInsertionPoint(use.getOwner());
        use.set(b.clone(*empty)->getResult(0));
      }
      empty->erase();
    }
  }
};
} // namespace
