//===- MathApproximation.cpp - npg-math-approximation ---------------------===//
//
// MLIR's polynomial approximations of math ops, which upstream only exposes
// through a test pass. They turn exp, tanh, log, ... into plain arithmetic
// that LLVM vectorises; a scalar libm call per element is ~20x slower
// (TOOLCHAIN.md).
//
// Upstream's approximations are not NaN-safe: exp's clamps let NaN through
// to an fptosi, which is poison in LLVM, and the optimiser may then drop
// the whole computation. Every op about to be approximated is therefore
// given a number in place of NaN, and its result is NaN where the input was
// (two selects, which vectorise).
//
// Nor are they symmetric: cos(-1) and cos(1) differed by two ulps, and
// sin(-0) was +0. An even function is therefore evaluated at |x|, and an odd
// one is negated where x is negative (fabs, copysign and a multiply, which
// vectorise too), so that ties and signed zeros come out as in eager code.
// sin and cos of an infinity are NaN, as libm's.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace npg {
#define GEN_PASS_DEF_MATHAPPROXIMATIONPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {
/// `value` as a constant of float type `type`, a splat if it is a vector.
Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  FloatAttr scalar = b.getFloatAttr(getElementTypeOrSelf(type), value);
  if (auto shaped = dyn_cast<ShapedType>(type))
    return b.create<arith::ConstantOp>(loc,
                                       DenseElementsAttr::get(shaped, scalar));
  return b.create<arith::ConstantOp>(loc, scalar);
}

/// `op(x)` as `isnan(x) ? x : op(isnan(x) ? 0 : x)`.
void guardNaN(Operation *op) {
  Value x = op->getOperand(0);
  OpBuilder b(op);
  Location loc = op->getLoc();
  Value isNaN = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, x, x);
  Value zero = floatConstant(b, loc, x.getType(), 0.0);
  Value safe = b.create<arith::SelectOp>(loc, isNaN, zero, x);
  op->setOperand(0, safe);
  b.setInsertionPointAfter(op);
  Value result = op->getResult(0);
  auto guarded = b.create<arith::SelectOp>(loc, isNaN, x, result);
  result.replaceAllUsesExcept(guarded, guarded);
}

/// sin and cos of ±inf are NaN (IEEE, libm, eager code); the approximation's
/// range reduction made a large number of them. An infinite argument becomes
/// NaN first, which guardNaN then passes through.
void infinityToNaN(Operation *op) {
  if (!isa<math::SinOp, math::CosOp>(op))
    return;
  Value x = op->getOperand(0);
  OpBuilder b(op);
  Location loc = op->getLoc();
  Value magnitude = b.create<math::AbsFOp>(loc, x);
  Value isInf = b.create<arith::CmpFOp>(
      loc, arith::CmpFPredicate::OEQ, magnitude,
      floatConstant(b, loc, x.getType(),
                    std::numeric_limits<double>::infinity()));
  Value nan = floatConstant(b, loc, x.getType(),
                            std::numeric_limits<double>::quiet_NaN());
  op->setOperand(0, b.create<arith::SelectOp>(loc, isInf, nan, x));
}

/// `op(x)` as `op(|x|)` (even) or `op(|x|) * copysign(1, x)` (odd).
void symmetrize(Operation *op) {
  const bool even = isa<math::CosOp>(op);
  const bool odd = isa<math::SinOp, math::TanhOp, math::ErfOp, math::AtanOp,
                       math::AsinOp, math::CbrtOp>(op);
  if (!even && !odd)
    return;
  Value x = op->getOperand(0);
  OpBuilder b(op);
  Location loc = op->getLoc();
  op->setOperand(0, b.create<math::AbsFOp>(loc, x));
  if (even)
    return;
  b.setInsertionPointAfter(op);
  Value result = op->getResult(0);
  // f(x) = f(|x|) * ±1: exact, and -0 where f(|x|) is 0 and x is -0.
  Value one = floatConstant(b, loc, x.getType(), 1.0);
  Value sign = b.create<math::CopySignOp>(loc, one, x);
  auto signed_ = b.create<arith::MulFOp>(loc, result, sign);
  result.replaceAllUsesExcept(signed_, signed_);
}

struct MathApproximationPass
    : ::npg::impl::MathApproximationPassBase<MathApproximationPass> {
  void runOnOperation() override {
    // The unary f32 ops upstream approximates.
    SmallVector<Operation *> approximated;
    getOperation()->walk([&](Operation *op) {
      if (isa<math::ExpOp, math::Exp2Op, math::ExpM1Op, math::LogOp,
              math::Log2Op, math::Log1pOp, math::TanhOp, math::ErfOp,
              math::AtanOp, math::SinOp, math::CosOp, math::AsinOp,
              math::AcosOp, math::CbrtOp, math::RsqrtOp>(op) &&
          op->getNumOperands() == 1 &&
          getElementTypeOrSelf(op->getOperand(0).getType()).isF32())
        approximated.push_back(op);
    });
    for (Operation *op : approximated) {
      infinityToNaN(op);
      symmetrize(op);
      guardNaN(op);
    }
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
