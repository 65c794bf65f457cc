//===- FuseElementwise.cpp - npg-fuse-elementwise -------------------------===//
//
// MLIR's linalg-fuse-elementwise-ops with npg's fusion control: the same
// patterns (elementwise fusion, reshapes folded by expansion, the linalg and
// tensor canonicalisations, constant folding), but a producer only fuses
// where its work is not repeated (FusionControl.h). Upstream's pass fuses
// every single-use producer, so tanh(A) feeding a matmul ran once per
// column of the product.
//
//===----------------------------------------------------------------------===//

#include "FusionControl.h"
#include "PassDetail.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace npg {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {

/// Upstream's rule, for the patterns that move reshapes rather than fuse
/// bodies.
bool singleUse(OpOperand *operand) {
  Operation *producer = operand->get().getDefiningOp();
  return producer && producer->hasOneUse();
}

bool isContraction(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  return generic && linalg::isaContractionOpInterface(generic);
}

/// singleUse, but a reshape is not folded into a contraction (nor a
/// contraction's result reshape into it): the product would become a
/// higher-rank generic that npg-matmul-to-blas no longer recognises. A
/// convolution's (O, K) x (K, N*L) product followed by a reshape to
/// (O, N, oH, oW) ran as loops, 10x slower than BLAS.
bool movableReshape(OpOperand *operand) {
  return singleUse(operand) && !isContraction(operand->getOwner()) &&
         !isContraction(operand->get().getDefiningOp());
}

struct FuseElementwisePass
    : ::npg::impl::FuseElementwisePassBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    linalg::populateElementwiseOpsFusionPatterns(patterns, ::npg::worthFusing);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, movableReshape);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    ctx->getLoadedDialect<linalg::LinalgDialect>()->getCanonicalizationPatterns(
        patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, singleUse);
    GreedyRewriteConfig config;
    config.useTopDownTraversal = true; // upstream's choice, for compile time
    // As upstream: not converging within the iteration limit leaves valid,
    // less fused IR, which is no reason to fail the compile.
    (void)applyPatternsAndFoldGreedily(getOperation(), std::move(patterns),
                                       config);
  }
};

} // namespace
