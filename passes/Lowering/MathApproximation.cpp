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
// Three of them are not accurate enough, so f32 sin, cos and tanh are
// expanded here instead (each within a few ulps of the eager SLEEF
// kernels, test/unit/CompiledMathTest.cpp):
// - sin and cos reduced their argument in f32, off by 5e-5 at |x| = 1000
//   (positional encodings) and by 1% of the value near every multiple of
//   pi. musl's __rem_pio2f medium-size reduction and __sindf/__cosdf
//   polynomials (FreeBSD msun) run in f64 instead, then round once.
// - tanh was off by 4 ulps of 1 near saturation, 1.5% of 1 + tanh(x)
//   where GELU's gradient needs it, and exactly -1 from |x| = 7.99 on.
//   Beyond |x| = 0.625 it is 1 - 2 / (exp(2|x|) + 1), rounded once; below,
//   an odd polynomial (upstream's rational form was 4 ulps off there).
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

/// `type` with element type f64 (a scalar or a vector of f64).
Type withF64Elements(Type type) {
  Type f64 = Float64Type::get(type.getContext());
  if (auto shaped = dyn_cast<ShapedType>(type))
    return shaped.clone(f64);
  return f64;
}

/// sin(a) or cos(a) of a finite a >= 0 (symmetrize and guardNaN have made
/// it so), computed in f64 and rounded once to f32. The reduction is exact
/// for a < 2^28 * pi/2 (4.2e8; beyond, f32 arguments are 32 apart and the
/// result is only bounded).
Value sinOrCosOfMagnitude(OpBuilder &b, Location loc, Value a, bool cos) {
  Type t64 = withF64Elements(a.getType());
  auto c = [&](double v) { return floatConstant(b, loc, t64, v); };
  auto mul = [&](Value x, Value y) {
    return b.create<arith::MulFOp>(loc, x, y).getResult();
  };
  auto add = [&](Value x, Value y) {
    return b.create<arith::AddFOp>(loc, x, y).getResult();
  };
  auto sub = [&](Value x, Value y) {
    return b.create<arith::SubFOp>(loc, x, y).getResult();
  };
  Value x = b.create<arith::ExtFOp>(loc, t64, a);
  // musl __rem_pio2f: n = rint(x * 2/pi), r = x - n*pio2_1 - n*pio2_1t,
  // with pio2_1 the first 25 bits of pi/2 (so n*pio2_1 is exact).
  Value n =
      b.create<math::RoundEvenOp>(loc, mul(x, c(6.36619772367581382433e-01)));
  Value r = sub(sub(x, mul(n, c(1.57079631090164184570e+00))),
                mul(n, c(1.58932547735281966916e-08)));
  // The quadrant n mod 4, as a float (no fptosi, which is poison on huge n).
  Value quadrant =
      sub(n, mul(c(4.0), b.create<math::FloorOp>(loc, mul(n, c(0.25)))));
  // musl __sindf and __cosdf on |r| <= pi/4.
  Value z = mul(r, r), w = mul(z, z);
  Value s = mul(z, r);
  Value sinR = add(add(r, mul(s, add(c(-0x15555554cbac77.0p-55),
                                     mul(z, c(0x111110896efbb2.0p-59))))),
                   mul(mul(s, w), add(c(-0x1a00f9e2cae774.0p-65),
                                      mul(z, c(0x16cd878c3b46a7.0p-71)))));
  Value cosR = add(add(add(c(1.0), mul(z, c(-0x1ffffffd0c5e81.0p-54))),
                       mul(w, c(0x155553e1053a42.0p-57))),
                   mul(mul(w, z), add(c(-0x16c087e80f1e27.0p-62),
                                      mul(z, c(0x199342e0ee5069.0p-68)))));
  // sin(x) by quadrant is sin r, cos r, -sin r, -cos r; cos(x) is the
  // same sequence one quadrant on.
  Value negSin = b.create<arith::NegFOp>(loc, sinR);
  Value negCos = b.create<arith::NegFOp>(loc, cosR);
  Value byQuadrant[4] = {sinR, cosR, negSin, negCos};
  auto quadrantIs = [&](double q) {
    return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, quadrant,
                                   c(q));
  };
  const int first = cos ? 1 : 0;
  Value result = byQuadrant[(first + 3) % 4];
  for (int q = 2; q >= 0; --q)
    result = b.create<arith::SelectOp>(loc, quadrantIs(q),
                                       byQuadrant[(first + q) % 4], result);
  return b.create<arith::TruncFOp>(loc, a.getType(), result);
}

/// tanh(a) of an a >= 0: a + a^3 P(a^2) up to 0.625 (P fitted to tanh
/// there by mpmath's chebyfit, 1.7e-8 relative), 1 - 2 / (exp(2a) + 1)
/// beyond (exp approximated by upstream), which keeps 1 - tanh(a) to its
/// own rounding: what 1 + tanh(x) and 1 - tanh(x)^2 in derivatives need.
/// Both ranges are computed and one selected, as vector code does anyway.
Value tanhOfMagnitude(OpBuilder &b, Location loc, Value a) {
  Type type = a.getType();
  auto c = [&](double v) { return floatConstant(b, loc, type, v); };
  auto fma = [&](Value x, Value y, Value z) {
    return b.create<math::FmaOp>(loc, x, y, z).getResult();
  };
  Value knee = c(0.625);
  Value a2 = b.create<arith::MulFOp>(loc, a, a);
  Value p = c(-0.0060967141659081975745);
  for (double coefficient : {0.020997178999074750572, -0.053850909578513580828,
                             0.13332769736976327858, -0.33333328944134254565})
    p = fma(p, a2, c(coefficient));
  Value a3 = b.create<arith::MulFOp>(loc, a2, a);
  Value small = fma(a3, p, a);
  // exp(40) is finite; 2 / (exp(2a) + 1) rounds to 0 long before.
  Value twice = b.create<arith::MinimumFOp>(
      loc, b.create<arith::MulFOp>(loc, c(2.0), a), c(40.0));
  Value e = b.create<math::ExpOp>(loc, twice);
  Value tail = b.create<arith::DivFOp>(loc, c(2.0),
                                       b.create<arith::AddFOp>(loc, e, c(1.0)));
  Value large = b.create<arith::SubFOp>(loc, c(1.0), tail);
  Value isSmall =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, a, knee);
  return b.create<arith::SelectOp>(loc, isSmall, small, large);
}

/// Replaces an f32 sin, cos or tanh (of a finite a >= 0, after symmetrize
/// and guardNaN) with its accurate expansion.
void expandAccurately(Operation *op) {
  if (!isa<math::SinOp, math::CosOp, math::TanhOp>(op))
    return;
  OpBuilder b(op);
  Location loc = op->getLoc();
  Value a = op->getOperand(0);
  Value result = isa<math::TanhOp>(op)
                     ? tanhOfMagnitude(b, loc, a)
                     : sinOrCosOfMagnitude(b, loc, a, isa<math::CosOp>(op));
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
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
      expandAccurately(op);
    }
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
