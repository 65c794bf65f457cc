//===- Elementwise.cpp - npg's elementwise ops to linalg ------------------===//
//
// Every op with the Elementwise trait becomes one parallel linalg.generic
// around its scalar body, so that npg-fuse-elementwise can merge chains of
// them; the bodies follow the eager kernels' semantics (NaN, bools, -0.0).
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "npg/IR/NpgOps.h"
#include "npg/rules/Elementwise.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace ::npg::conversion;
namespace npgir = mlir::npg;

namespace {

//===----------------------------------------------------------------------===//
// Scalar semantics of the elementwise ops
//===----------------------------------------------------------------------===//

/// `in` (element type `from`) converted as numpy's astype to `to`.
Value convertScalar(OpBuilder &b, Location loc, Value in, Type to) {
  Type from = in.getType();
  if (from == to)
    return in;
  auto fromF = dyn_cast<FloatType>(from);
  auto toF = dyn_cast<FloatType>(to);
  // Anything to bool is `x != 0` (NaN is true, as in C++ and numpy).
  if (isBool(to)) {
    if (fromF)
      return b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNE, in,
                                     scalarConstant(b, loc, from, 0));
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, in,
                                   scalarConstant(b, loc, from, 0));
  }
  if (fromF && toF) {
    if (fromF.getWidth() < toF.getWidth())
      return b.create<arith::ExtFOp>(loc, to, in);
    return b.create<arith::TruncFOp>(loc, to, in);
  }
  if (fromF)
    return b.create<arith::FPToSIOp>(loc, to, in);
  // From here `from` is an integer; bools are 0 or 1, never -1.
  if (toF) {
    if (isBool(from))
      return b.create<arith::UIToFPOp>(loc, to, in);
    return b.create<arith::SIToFPOp>(loc, to, in);
  }
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth > toWidth)
    return b.create<arith::TruncIOp>(loc, to, in);
  if (isBool(from))
    return b.create<arith::ExtUIOp>(loc, to, in);
  return b.create<arith::ExtSIOp>(loc, to, in);
}

Value compareScalar(OpBuilder &b, Location loc, npgir::CompareMode mode,
                    Value lhs, Value rhs) {
  using M = npgir::CompareMode;
  Type type = lhs.getType();
  if (isa<FloatType>(type)) {
    // Ordered, so NaN compares false, except `ne` which is true (IEEE 754).
    arith::CmpFPredicate p = arith::CmpFPredicate::OEQ;
    switch (mode) {
    case M::eq:
      p = arith::CmpFPredicate::OEQ;
      break;
    case M::ne:
      p = arith::CmpFPredicate::UNE;
      break;
    case M::lt:
      p = arith::CmpFPredicate::OLT;
      break;
    case M::le:
      p = arith::CmpFPredicate::OLE;
      break;
    case M::gt:
      p = arith::CmpFPredicate::OGT;
      break;
    case M::ge:
      p = arith::CmpFPredicate::OGE;
      break;
    }
    return b.create<arith::CmpFOp>(loc, p, lhs, rhs);
  }
  // i1 orders false < true, so it compares unsigned (true is -1 signed).
  bool u = isBool(type);
  arith::CmpIPredicate p = arith::CmpIPredicate::eq;
  switch (mode) {
  case M::eq:
    p = arith::CmpIPredicate::eq;
    break;
  case M::ne:
    p = arith::CmpIPredicate::ne;
    break;
  case M::lt:
    p = u ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
    break;
  case M::le:
    p = u ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle;
    break;
  case M::gt:
    p = u ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
    break;
  case M::ge:
    p = u ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge;
    break;
  }
  return b.create<arith::CmpIOp>(loc, p, lhs, rhs);
}

/// sign(x) as the eager kernel: -1, 0 or 1; NaN stays NaN; -0.0 gives +0.0.
Value signScalar(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  if (isBool(t))
    return x;
  Value zero = scalarConstant(b, loc, t, 0);
  Value one = scalarConstant(b, loc, t, 1);
  Value minusOne = scalarConstant(b, loc, t, -1);
  Value pos, neg;
  if (isa<FloatType>(t)) {
    pos = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, zero);
    neg = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OLT, x, zero);
  } else {
    pos = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt, x, zero);
    neg = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, x, zero);
  }
  Value r = b.create<arith::SelectOp>(
      loc, pos, one, b.create<arith::SelectOp>(loc, neg, minusOne, zero));
  if (!isa<FloatType>(t))
    return r;
  Value nan = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UNO, x, x);
  return b.create<arith::SelectOp>(loc, nan, x, r);
}

/// sigmoid as the eager kernel, in two branches so exp never overflows:
/// e = exp(-|x|); x >= 0 ? 1 / (1 + e) : e / (1 + e). Both branches are
/// cheap and branch-free (a select), so the loop still vectorises.
Value sigmoidScalar(OpBuilder &b, Location loc, Value x) {
  Type t = x.getType();
  Value one = scalarConstant(b, loc, t, 1);
  Value zero = scalarConstant(b, loc, t, 0);
  Value e = b.create<math::ExpOp>(
      loc, b.create<arith::NegFOp>(loc, b.create<math::AbsFOp>(loc, x)));
  Value den = b.create<arith::AddFOp>(loc, one, e);
  Value nonNeg =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGE, x, zero);
  Value num = b.create<arith::SelectOp>(loc, nonNeg, one, e);
  return b.create<arith::DivFOp>(loc, num, den);
}

/// softplus as the eager kernel: max(x, 0) + log1p(exp(-|x|)), which never
/// overflows.
Value softplusScalar(OpBuilder &b, Location loc, Value x) {
  Value zero = scalarConstant(b, loc, x.getType(), 0);
  Value positive =
      b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OGT, x, zero);
  Value rectified = b.create<arith::SelectOp>(loc, positive, x, zero);
  Value e = b.create<math::ExpOp>(
      loc, b.create<arith::NegFOp>(loc, b.create<math::AbsFOp>(loc, x)));
  return b.create<arith::AddFOp>(loc, rectified,
                                 b.create<math::Log1pOp>(loc, e));
}

/// gelu's tanh approximation in the eager kernel's (PyTorch's) order:
/// 0.5 * x * (1 + tanh(beta * (x + kappa * (x * x * x)))).
Value geluScalar(OpBuilder &b, Location loc, Value x) {
  // One op per statement: C++ leaves the order of evaluating arguments open.
  Type t = x.getType();
  Value beta = scalarConstant(b, loc, t, ::npg::rules::gelu_beta);
  Value kappa = scalarConstant(b, loc, t, ::npg::rules::gelu_kappa);
  Value half = scalarConstant(b, loc, t, 0.5);
  Value one = scalarConstant(b, loc, t, 1);
  Value square = b.create<arith::MulFOp>(loc, x, x);
  Value cube = b.create<arith::MulFOp>(loc, square, x);
  Value kx3 = b.create<arith::MulFOp>(loc, kappa, cube);
  Value sum = b.create<arith::AddFOp>(loc, x, kx3);
  Value inner = b.create<arith::MulFOp>(loc, beta, sum);
  Value halfX = b.create<arith::MulFOp>(loc, half, x);
  Value tanh = b.create<math::TanhOp>(loc, inner);
  Value onePlus = b.create<arith::AddFOp>(loc, one, tanh);
  return b.create<arith::MulFOp>(loc, halfX, onePlus);
}

/// clip as the eager kernel: x < lo ? lo : x, then > hi ? hi : that; NaN
/// stays NaN and lo > hi gives hi.
Value clipScalar(OpBuilder &b, Location loc, Value x, std::optional<APFloat> lo,
                 std::optional<APFloat> hi) {
  Type t = x.getType();
  bool f = isa<FloatType>(t);
  auto beyond = [&](Value v, Value bound, bool below) -> Value {
    if (f)
      return b.create<arith::CmpFOp>(
          loc, below ? arith::CmpFPredicate::OLT : arith::CmpFPredicate::OGT, v,
          bound);
    return b.create<arith::CmpIOp>(
        loc, below ? arith::CmpIPredicate::slt : arith::CmpIPredicate::sgt, v,
        bound);
  };
  Value r = x;
  if (lo) {
    Value l = scalarConstant(b, loc, t, lo->convertToDouble());
    r = b.create<arith::SelectOp>(loc, beyond(r, l, true), l, r);
  }
  if (hi) {
    Value h = scalarConstant(b, loc, t, hi->convertToDouble());
    r = b.create<arith::SelectOp>(loc, beyond(r, h, false), h, r);
  }
  return r;
}

/// The scalar body of an elementwise npg op applied to `args`, or null.
Value buildElementwise(Operation *op, OpBuilder &b, Location loc,
                       ValueRange args) {
  Type t = args.back().getType();
  bool f = isa<FloatType>(t);
  bool i1 = isBool(t);
  using namespace npgir;
  // Bools follow the eager kernels: + is or, * is and, max is or, min is and.
  return llvm::TypeSwitch<Operation *, Value>(op)
      .Case([&](AddOp) -> Value {
        if (f)
          return b.create<arith::AddFOp>(loc, args[0], args[1]);
        if (i1)
          return b.create<arith::OrIOp>(loc, args[0], args[1]);
        return b.create<arith::AddIOp>(loc, args[0], args[1]);
      })
      .Case([&](SubOp) -> Value {
        if (f)
          return b.create<arith::SubFOp>(loc, args[0], args[1]);
        if (i1)
          return b.create<arith::XOrIOp>(loc, args[0], args[1]);
        return b.create<arith::SubIOp>(loc, args[0], args[1]);
      })
      .Case([&](MulOp) -> Value {
        if (f)
          return b.create<arith::MulFOp>(loc, args[0], args[1]);
        if (i1)
          return b.create<arith::AndIOp>(loc, args[0], args[1]);
        return b.create<arith::MulIOp>(loc, args[0], args[1]);
      })
      .Case([&](DivOp) -> Value {
        if (f)
          return b.create<arith::DivFOp>(loc, args[0], args[1]);
        if (i1)
          return b.create<arith::DivUIOp>(loc, args[0], args[1]);
        return b.create<arith::DivSIOp>(loc, args[0], args[1]);
      })
      .Case([&](PowOp) -> Value {
        if (f)
          return b.create<math::PowFOp>(loc, args[0], args[1]);
        if (i1) // x ** y is x || !y.
          return b.create<arith::OrIOp>(
              loc, args[0],
              b.create<arith::XOrIOp>(loc, args[1],
                                      scalarConstant(b, loc, t, 1)));
        return b.create<math::IPowIOp>(loc, args[0], args[1]);
      })
      .Case([&](MaximumOp) -> Value {
        if (f) // NaN-propagating, as numpy.maximum.
          return b.create<arith::MaximumFOp>(loc, args[0], args[1]);
        if (i1)
          return b.create<arith::MaxUIOp>(loc, args[0], args[1]);
        return b.create<arith::MaxSIOp>(loc, args[0], args[1]);
      })
      .Case([&](MinimumOp) -> Value {
        if (f)
          return b.create<arith::MinimumFOp>(loc, args[0], args[1]);
        if (i1)
          return b.create<arith::MinUIOp>(loc, args[0], args[1]);
        return b.create<arith::MinSIOp>(loc, args[0], args[1]);
      })
      .Case([&](NegOp) -> Value {
        if (f)
          return b.create<arith::NegFOp>(loc, args[0]);
        if (i1)
          return args[0];
        return b.create<arith::SubIOp>(loc, scalarConstant(b, loc, t, 0),
                                       args[0]);
      })
      .Case([&](AbsOp) -> Value {
        if (f)
          return b.create<math::AbsFOp>(loc, args[0]);
        if (i1)
          return args[0];
        return b.create<math::AbsIOp>(loc, args[0]);
      })
      .Case([&](SignOp) { return signScalar(b, loc, args[0]); })
      .Case([&](ReluOp) -> Value {
        // x > 0 ? x : 0, as the eager kernel; unordered for floats, so that
        // NaN stays NaN (-0.0 gives +0.0).
        if (i1)
          return args[0];
        Value zero = scalarConstant(b, loc, t, 0);
        Value pos = f ? b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::UGT,
                                                args[0], zero)
                            .getResult()
                      : b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sgt,
                                                args[0], zero)
                            .getResult();
        return b.create<arith::SelectOp>(loc, pos, args[0], zero);
      })
      .Case([&](ExpOp) { return b.create<math::ExpOp>(loc, args[0]); })
      .Case([&](LogOp) { return b.create<math::LogOp>(loc, args[0]); })
      .Case([&](Log1pOp) { return b.create<math::Log1pOp>(loc, args[0]); })
      .Case([&](Expm1Op) { return b.create<math::ExpM1Op>(loc, args[0]); })
      .Case([&](SqrtOp) { return b.create<math::SqrtOp>(loc, args[0]); })
      .Case([&](TanhOp) { return b.create<math::TanhOp>(loc, args[0]); })
      .Case([&](SigmoidOp) { return sigmoidScalar(b, loc, args[0]); })
      .Case([&](SoftplusOp) { return softplusScalar(b, loc, args[0]); })
      .Case([&](GeluOp) { return geluScalar(b, loc, args[0]); })
      .Case([&](ClipOp c) {
        return clipScalar(b, loc, args[0], c.getLo(), c.getHi());
      })
      .Case([&](SinOp) { return b.create<math::SinOp>(loc, args[0]); })
      .Case([&](CosOp) { return b.create<math::CosOp>(loc, args[0]); })
      .Case([&](TanOp) { return b.create<math::TanOp>(loc, args[0]); })
      .Case([&](FloorOp) { return b.create<math::FloorOp>(loc, args[0]); })
      .Case([&](CeilOp) { return b.create<math::CeilOp>(loc, args[0]); })
      // numpy rounds half to even.
      .Case([&](RoundOp) { return b.create<math::RoundEvenOp>(loc, args[0]); })
      .Case([&](CompareOp c) {
        return compareScalar(b, loc, c.getPredicate(), args[0], args[1]);
      })
      .Case([&](SelectOp) {
        return b.create<arith::SelectOp>(loc, args[0], args[1], args[2]);
      })
      .Case([&](CastOp c) {
        return convertScalar(b, loc, args[0], c.getType().getElementType());
      })
      .Default([](Operation *) { return Value(); });
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Every op with the Elementwise trait: one parallel linalg.generic whose
/// operands all have the result's shape (npg broadcasts explicitly).
struct ElementwisePattern : ConversionPattern {
  ElementwisePattern(MLIRContext *ctx)
      : ConversionPattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa<npgir::NpgDialect>(op->getDialect()) ||
        !op->hasTrait<OpTrait::Elementwise>() || op->getNumResults() != 1)
      return failure();
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    SmallVector<AffineMap> maps(
        operands.size(), rewriter.getMultiDimIdentityMap(type.getRank()));
    bool ok = true;
    Value result =
        buildParallelGeneric(rewriter, op->getLoc(), type, operands, maps,
                             [&](OpBuilder &b, Location loc, ValueRange args) {
                               Value v = buildElementwise(op, b, loc, args);
                               if (!v) {
                                 ok = false;
                                 v = args[0];
                               }
                               return v;
                             });
    if (!ok)
      return rewriter.notifyMatchFailure(op, "no scalar lowering");
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConstantPattern : OpConversionPattern<npgir::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

/// stop_gradient has done its work once autodiff has run: it is its operand.
struct StopGradientPattern : OpConversionPattern<npgir::StopGradientOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::StopGradientOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

} // namespace

namespace npg::conversion {
void populateElementwisePatterns(RewritePatternSet &patterns) {
  patterns.add<ElementwisePattern, ConstantPattern, StopGradientPattern>(
      patterns.getContext());
}
} // namespace npg::conversion
