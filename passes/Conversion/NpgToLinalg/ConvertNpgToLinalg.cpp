//===- ConvertNpgToLinalg.cpp - convert-npg-to-linalg ---------------------===//
//
// Lowers every npg op to linalg, tensor, arith and math on tensors, with the
// patterns of each area (PopulatePatterns.h). All elementwise work,
// broadcasts and transposes become `linalg.generic`s with all-parallel
// iterators, so that npg-fuse-elementwise can merge them into their
// consumers: a broadcast then survives only as an indexing map, and no
// buffer of the broadcast size is ever allocated.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"
#include "PopulatePatterns.h"

#include "mlir/Transforms/DialectConversion.h"

namespace npg {
#define GEN_PASS_DEF_CONVERTNPGTOLINALGPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {

struct ConvertNpgToLinalgPass
    : ::npg::impl::ConvertNpgToLinalgPassBase<ConvertNpgToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect>();
    target.addIllegalDialect<mlir::npg::NpgDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });

    RewritePatternSet patterns(ctx);
    ::npg::conversion::populateElementwisePatterns(patterns);
    ::npg::conversion::populateReductionPatterns(patterns);
    ::npg::conversion::populateScanPatterns(patterns);
    ::npg::conversion::populateLinearAlgebraPatterns(patterns);
    ::npg::conversion::populateDataMovementPatterns(patterns);
    ::npg::conversion::populateRandomPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      return signalPassFailure();

    // The inputs are the caller's arrays: bufferization must never write
    // into them (e.g. tensor.insert_slice into an argument), so it copies.
    getOperation()->walk([&](func::FuncOp func) {
      for (unsigned i = 0; i < func.getNumArguments(); ++i)
        if (isa<TensorType>(func.getArgument(i).getType()))
          func.setArgAttr(
              i, bufferization::BufferizationDialect::kWritableAttrName,
              BoolAttr::get(ctx, false));
    });
  }
};

} // namespace
