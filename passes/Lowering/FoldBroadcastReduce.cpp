//===- FoldBroadcastReduce.cpp - npg-fold-broadcast-reduce ----------------===//

#include "PassDetail.h"

#include "npg/IR/NpgOps.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace npg {
#define GEN_PASS_DEF_FOLDBROADCASTREDUCEPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {
struct FoldBroadcastReducePass
    : ::npg::impl::FoldBroadcastReducePassBase<FoldBroadcastReducePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
