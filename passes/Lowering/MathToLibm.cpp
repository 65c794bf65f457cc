//===- MathToLibm.cpp - npg-math-to-libm ----------------------------------===//
//
// math.expm1 and math.log1p as libm calls. Upstream's convert-math-to-llvm
// lowers them to exp(x) - 1 and log(1 + x), which is wrong by many ulps
// near 0 (and makes expm1(-0) +0); upstream's convert-math-to-libm would
// also turn the ops LLVM has vectorisable intrinsics for into calls. So
// its patterns run here as a partial conversion in which only these two
// ops are illegal.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace npg {
#define GEN_PASS_DEF_MATHTOLIBMPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {
struct MathToLibmPass : ::npg::impl::MathToLibmPassBase<MathToLibmPass> {
  void runOnOperation() override {
    ConversionTarget target(getContext());
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    target.addIllegalOp<math::ExpM1Op, math::Log1pOp>();
    RewritePatternSet patterns(&getContext());
    populateMathToLibmConversionPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
