//===- MathApproximation.cpp - npg-math-approximation ---------------------===//
//
// MLIR's polynomial approximations of math ops, which upstream only exposes
// through a test pass. They turn exp, tanh, log, ... into plain arithmetic
// that LLVM vectorises; a scalar libm call per element is ~20x slower
// (TOOLCHAIN.md).
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace npg {
#define GEN_PASS_DEF_MATHAPPROXIMATIONPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {
struct MathApproximationPass
    : ::npg::impl::MathApproximationPassBase<MathApproximationPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
