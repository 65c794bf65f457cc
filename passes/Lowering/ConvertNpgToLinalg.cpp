//===- ConvertNpgToLinalg.cpp - convert-npg-to-linalg ---------------------===//
//
// Lowers every npg op to linalg, tensor, arith and math on tensors. All
// elementwise work, broadcasts and transposes become `linalg.generic`s with
// all-parallel iterators, so that linalg-fuse-elementwise-ops can merge them
// into their consumers: a broadcast then survives only as an indexing map,
// and no buffer of the broadcast size is ever allocated.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "npg/IR/NpgOps.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/TypeSwitch.h"

namespace npg {
#define GEN_PASS_DEF_CONVERTNPGTOLINALGPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;
namespace npgir = mlir::npg;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  Type element) {
  return b.create<tensor::EmptyOp>(loc, shape, element);
}

/// A splat constant `dest` (the zeros an adjoint is written into) as a
/// linalg.fill of a new tensor, which fuses and bufferizes in place; any
/// other `dest` as it is.
Value splatAsFill(OpBuilder &b, Location loc, Value dest,
                  RankedTensorType type) {
  SplatElementsAttr splat;
  if (!matchPattern(dest, m_Constant(&splat)))
    return dest;
  Value value = b.create<arith::ConstantOp>(
      loc, cast<TypedAttr>(splat.getSplatValue<Attribute>()));
  return b
      .create<linalg::FillOp>(
          loc, value,
          emptyTensor(b, loc, type.getShape(), type.getElementType()))
      .getResult(0);
}

Value scalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (auto ft = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(ft, value));
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

bool isBool(Type t) { return t.isInteger(1); }

/// A `linalg.generic` over the result's shape, all loops parallel. `maps`
/// gives each input's indexing map (the result's is the identity).
Value buildParallelGeneric(
    OpBuilder &b, Location loc, RankedTensorType resultType, ValueRange inputs,
    ArrayRef<AffineMap> maps,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> allMaps(maps);
  allMaps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, inputs,
      ValueRange{emptyTensor(b, loc, resultType.getShape(),
                             resultType.getElementType())},
      allMaps, iterators, [&](OpBuilder &nb, Location nl, ValueRange args) {
        nb.create<linalg::YieldOp>(nl, body(nb, nl, args.drop_back()));
      });
  return generic.getResult(0);
}

/// Reassociation grouping every dimension of a rank-`rank` shape into the
/// single dimension of a 1-D one.
SmallVector<ReassociationIndices> allInOne(int64_t rank) {
  ReassociationIndices all;
  for (int64_t i = 0; i < rank; ++i)
    all.push_back(i);
  return {all};
}

/// `value` reshaped to `target` (same element count) with collapse_shape /
/// expand_shape, which bufferize to views. Shapes that no single reassociation
/// relates go through 1-D.
Value reshapeTensor(OpBuilder &b, Location loc, Value value,
                    RankedTensorType target) {
  auto source = cast<RankedTensorType>(value.getType());
  if (source == target)
    return value;
  // To or from 0-d: every dimension is 1, and the reassociation is empty.
  if (target.getRank() == 0)
    return b.create<tensor::CollapseShapeOp>(
        loc, target, value, SmallVector<ReassociationIndices>{});
  if (source.getRank() == 0)
    return b.create<tensor::ExpandShapeOp>(loc, target, value,
                                           SmallVector<ReassociationIndices>{});
  if (source.getRank() != target.getRank()) {
    if (auto re = getReassociationIndicesForReshape(source, target)) {
      if (source.getRank() > target.getRank())
        return b.create<tensor::CollapseShapeOp>(loc, target, value, *re);
      return b.create<tensor::ExpandShapeOp>(loc, target, value, *re);
    }
  }
  Value flat = value;
  if (source.getRank() != 1) {
    auto flatType = RankedTensorType::get({source.getNumElements()},
                                          source.getElementType());
    flat = b.create<tensor::CollapseShapeOp>(loc, flatType, value,
                                             allInOne(source.getRank()));
  }
  if (target.getRank() == 1)
    return flat;
  return b.create<tensor::ExpandShapeOp>(loc, target, flat,
                                         allInOne(target.getRank()));
}

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
      .Case([&](SqrtOp) { return b.create<math::SqrtOp>(loc, args[0]); })
      .Case([&](TanhOp) { return b.create<math::TanhOp>(loc, args[0]); })
      .Case([&](SigmoidOp) { return sigmoidScalar(b, loc, args[0]); })
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

/// A broadcast is a generic whose input map drops the new dimensions and
/// pins the stretched size-1 ones to 0. Fused into its consumer it is only
/// that map.
struct BroadcastPattern : OpConversionPattern<npgir::BroadcastToOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType in = op.getInput().getType(), out = op.getType();
    SmallVector<AffineExpr> exprs;
    for (auto [i, d] : llvm::enumerate(op.getDimensions())) {
      if (in.getDimSize(i) == 1 && out.getDimSize(d) != 1)
        exprs.push_back(rewriter.getAffineConstantExpr(0));
      else
        exprs.push_back(rewriter.getAffineDimExpr(d));
    }
    AffineMap map =
        AffineMap::get(out.getRank(), 0, exprs, rewriter.getContext());
    rewriter.replaceOp(
        op,
        buildParallelGeneric(
            rewriter, op.getLoc(), out, adaptor.getInput(), {map},
            [](OpBuilder &, Location, ValueRange args) { return args[0]; }));
    return success();
  }
};

/// result = input permuted: result dim i is input dim perm[i].
struct TransposePattern : OpConversionPattern<npgir::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    ArrayRef<int64_t> perm = op.getPermutation();
    SmallVector<AffineExpr> exprs(perm.size());
    for (auto [i, p] : llvm::enumerate(perm))
      exprs[p] = rewriter.getAffineDimExpr(i);
    AffineMap map =
        AffineMap::get(perm.size(), 0, exprs, rewriter.getContext());
    // A generic rather than linalg.transpose: elementwise fusion only merges
    // generics.
    rewriter.replaceOp(
        op,
        buildParallelGeneric(
            rewriter, op.getLoc(), op.getType(), adaptor.getInput(), {map},
            [](OpBuilder &, Location, ValueRange args) { return args[0]; }));
    return success();
  }
};

struct ReshapePattern : OpConversionPattern<npgir::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTensor(rewriter, op.getLoc(),
                                         adaptor.getInput(), op.getType()));
    return success();
  }
};

enum class ReduceKind { Sum, Max, Min };

/// A reduction generic over a filled accumulator, reduced dimensions dropped;
/// keepdims then re-inserts them as size 1 with expand_shape (a view).
/// float32 sums accumulate in float64, as the eager kernel does.
template <typename Op, ReduceKind Kind>
struct ReducePattern : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<Op>::OpAdaptor;

  static TypedAttr initValue(Builder &b, Type type) {
    if (Kind == ReduceKind::Sum)
      return cast<TypedAttr>(b.getZeroAttr(type));
    bool max = Kind == ReduceKind::Max;
    if (auto ft = dyn_cast<FloatType>(type))
      return b.getFloatAttr(
          ft, APFloat::getInf(ft.getFloatSemantics(), /*Negative=*/max));
    unsigned width = type.getIntOrFloatBitWidth();
    if (width == 1) // or / and over bools: false / true.
      return b.getIntegerAttr(type, max ? 0 : 1);
    return b.getIntegerAttr(type, max ? APInt::getSignedMinValue(width)
                                      : APInt::getSignedMaxValue(width));
  }

  static Value combine(OpBuilder &b, Location loc, Value acc, Value in) {
    Type t = acc.getType();
    if (in.getType() != t)
      in = b.create<arith::ExtFOp>(loc, t, in);
    bool f = isa<FloatType>(t), i1 = isBool(t);
    switch (Kind) {
    case ReduceKind::Sum:
      // reassoc lets LLVM vectorise the sum with partial sums per lane
      // (otherwise a float reduction over the innermost loop stays scalar).
      if (f)
        return b.create<arith::AddFOp>(loc, acc, in,
                                       arith::FastMathFlags::reassoc);
      if (i1)
        return b.create<arith::OrIOp>(loc, acc, in);
      return b.create<arith::AddIOp>(loc, acc, in);
    case ReduceKind::Max:
      if (f) // NaN-propagating, as numpy.max.
        return b.create<arith::MaximumFOp>(loc, acc, in,
                                           arith::FastMathFlags::reassoc);
      if (i1)
        return b.create<arith::OrIOp>(loc, acc, in);
      return b.create<arith::MaxSIOp>(loc, acc, in);
    case ReduceKind::Min:
      if (f)
        return b.create<arith::MinimumFOp>(loc, acc, in,
                                           arith::FastMathFlags::reassoc);
      if (i1)
        return b.create<arith::AndIOp>(loc, acc, in);
      return b.create<arith::MinSIOp>(loc, acc, in);
    }
    llvm_unreachable("reduction kind");
  }

  LogicalResult
  matchAndRewrite(Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType in = op.getInput().getType();
    Type element = in.getElementType();
    Type acc = element;
    if (Kind == ReduceKind::Sum && element.isF32())
      acc = rewriter.getF64Type();
    int64_t rank = in.getRank();
    SmallVector<bool> reduced(rank, false);
    for (int64_t a : op.getAxes())
      reduced[a] = true;

    SmallVector<int64_t> shape;
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0; d < rank; ++d) {
      iterators.push_back(reduced[d] ? utils::IteratorType::reduction
                                     : utils::IteratorType::parallel);
      if (!reduced[d]) {
        shape.push_back(in.getDimSize(d));
        outExprs.push_back(rewriter.getAffineDimExpr(d));
      }
    }
    Value init =
        rewriter.create<arith::ConstantOp>(loc, initValue(rewriter, acc));
    Value filled = rewriter
                       .create<linalg::FillOp>(
                           loc, init, emptyTensor(rewriter, loc, shape, acc))
                       .getResult(0);
    SmallVector<AffineMap> maps = {
        rewriter.getMultiDimIdentityMap(rank),
        AffineMap::get(rank, 0, outExprs, rewriter.getContext())};
    auto accType = RankedTensorType::get(shape, acc);
    Value result =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{accType}, adaptor.getInput(), filled, maps,
                iterators,
                [](OpBuilder &b, Location l, ValueRange args) {
                  b.create<linalg::YieldOp>(l, combine(b, l, args[1], args[0]));
                })
            .getResult(0);
    if (acc != element) {
      auto type = RankedTensorType::get(shape, element);
      AffineMap id = rewriter.getMultiDimIdentityMap(shape.size());
      result = buildParallelGeneric(
          rewriter, loc, type, result, {id},
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            return b.create<arith::TruncFOp>(l, element, args[0]);
          });
    }
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, result, op.getType()));
    return success();
  }
};

/// numpy matmul as one generic over (batch..., i, k, j): the innermost loop
/// runs along a row of the right operand and of the result, which LLVM
/// vectorises; batch dimensions broadcast through the indexing maps, and a
/// transposed operand fuses in as a permuted map (npg-matmul-to-blas hands
/// large float products to BLAS either way). 1-D operands get (and lose)
/// their unit dimension with reshapes.
struct MatmulPattern : OpConversionPattern<npgir::MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(npgir::MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lt = cast<RankedTensorType>(lhs.getType());
    auto rt = cast<RankedTensorType>(rhs.getType());
    Type element = lt.getElementType();
    if (lt.getRank() == 1) {
      lt = RankedTensorType::get({1, lt.getDimSize(0)}, element);
      lhs = reshapeTensor(rewriter, loc, lhs, lt);
    }
    if (rt.getRank() == 1) {
      rt = RankedTensorType::get({rt.getDimSize(0), 1}, element);
      rhs = reshapeTensor(rewriter, loc, rhs, rt);
    }
    int64_t lb = lt.getRank() - 2, rb = rt.getRank() - 2;
    int64_t batch = std::max(lb, rb);
    SmallVector<int64_t> shape;
    for (int64_t d = 0; d < batch; ++d) {
      int64_t l = d - (batch - lb) >= 0 ? lt.getDimSize(d - (batch - lb)) : 1;
      int64_t r = d - (batch - rb) >= 0 ? rt.getDimSize(d - (batch - rb)) : 1;
      shape.push_back(l == 1 ? r : l);
    }
    int64_t n = lt.getDimSize(lb);
    int64_t m = rt.getDimSize(rb + 1);
    shape.push_back(n);
    shape.push_back(m);

    // Loop dims: batch..., i = batch, k = batch + 1, j = batch + 2.
    MLIRContext *ctx = rewriter.getContext();
    auto dim = [&](int64_t d) { return getAffineDimExpr(d, ctx); };
    auto batchExprs = [&](RankedTensorType t, int64_t own) {
      SmallVector<AffineExpr> exprs;
      for (int64_t d = 0; d < own; ++d) {
        int64_t loopDim = d + (batch - own);
        exprs.push_back(t.getDimSize(d) == 1 && shape[loopDim] != 1
                            ? getAffineConstantExpr(0, ctx)
                            : dim(loopDim));
      }
      return exprs;
    };
    SmallVector<AffineExpr> lhsExprs = batchExprs(lt, lb);
    lhsExprs.append({dim(batch), dim(batch + 1)});
    SmallVector<AffineExpr> rhsExprs = batchExprs(rt, rb);
    rhsExprs.append({dim(batch + 1), dim(batch + 2)});
    SmallVector<AffineExpr> outExprs;
    for (int64_t d = 0; d < batch; ++d)
      outExprs.push_back(dim(d));
    outExprs.append({dim(batch), dim(batch + 2)});
    int64_t loops = batch + 3;
    SmallVector<AffineMap> maps = {AffineMap::get(loops, 0, lhsExprs, ctx),
                                   AffineMap::get(loops, 0, rhsExprs, ctx),
                                   AffineMap::get(loops, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(loops,
                                               utils::IteratorType::parallel);
    iterators[batch + 1] = utils::IteratorType::reduction;

    Value zero = rewriter.create<arith::ConstantOp>(
        loc, cast<TypedAttr>(rewriter.getZeroAttr(element)));
    Value init = rewriter
                     .create<linalg::FillOp>(
                         loc, zero, emptyTensor(rewriter, loc, shape, element))
                     .getResult(0);
    bool f = isa<FloatType>(element), i1 = isBool(element);
    Value result = rewriter
                       .create<linalg::GenericOp>(
                           loc, TypeRange{init.getType()}, ValueRange{lhs, rhs},
                           init, maps, iterators,
                           [&](OpBuilder &b, Location l, ValueRange args) {
                             Value p, s;
                             if (f) {
                               p = b.create<arith::MulFOp>(l, args[0], args[1]);
                               s = b.create<arith::AddFOp>(l, args[2], p);
                             } else if (i1) {
                               p = b.create<arith::AndIOp>(l, args[0], args[1]);
                               s = b.create<arith::OrIOp>(l, args[2], p);
                             } else {
                               p = b.create<arith::MulIOp>(l, args[0], args[1]);
                               s = b.create<arith::AddIOp>(l, args[2], p);
                             }
                             b.create<linalg::YieldOp>(l, s);
                           })
                       .getResult(0);
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, result, op.getType()));
    return success();
  }
};

/// The positions `range(start, start + size * step, step)` as a positive
/// stride: a negative step covers the same positions from the other end.
struct StridedRange {
  int64_t offset, stride;
  bool reversed;
};
StridedRange positiveRange(int64_t start, int64_t size, int64_t step) {
  if (size == 0) // nothing is read; any in-bounds offset will do
    return {0, 1, false};
  // One position: the step is never taken. (-step would overflow for
  // INT64_MIN, which tensor.extract_slice would also read as a dynamic
  // stride.)
  if (size == 1)
    return {start, 1, false};
  if (step > 0)
    return {start, step, false};
  return {start + (size - 1) * step, -step, true};
}

/// `value` reversed along the dimensions marked in `reversed` (a generic
/// reading index size-1-i there).
Value reverseDims(OpBuilder &b, Location loc, Value value,
                  ArrayRef<bool> reversed) {
  if (llvm::none_of(reversed, [](bool r) { return r; }))
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    AffineExpr i = b.getAffineDimExpr(d);
    exprs.push_back(reversed[d] ? type.getDimSize(d) - 1 - i : i);
  }
  return buildParallelGeneric(
      b, loc, type, value,
      {AffineMap::get(type.getRank(), 0, exprs, b.getContext())},
      [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

/// tensor.extract_slice (a strided view) over the positions read, with
/// positive strides; dimensions read with a negative step are then reversed.
struct SlicePattern : OpConversionPattern<npgir::SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType out = op.getType();
    ArrayRef<int64_t> starts = op.getStarts(), steps = op.getSteps();
    SmallVector<OpFoldResult> offsets, sizes, strides;
    SmallVector<bool> reversed;
    for (auto [d, start] : llvm::enumerate(starts)) {
      StridedRange r = positiveRange(start, out.getDimSize(d), steps[d]);
      offsets.push_back(rewriter.getIndexAttr(r.offset));
      sizes.push_back(rewriter.getIndexAttr(out.getDimSize(d)));
      strides.push_back(rewriter.getIndexAttr(r.stride));
      reversed.push_back(r.reversed);
    }
    Value slice = rewriter.create<tensor::ExtractSliceOp>(
        op.getLoc(), out, adaptor.getInput(), offsets, sizes, strides);
    rewriter.replaceOp(op, reverseDims(rewriter, op.getLoc(), slice, reversed));
    return success();
  }
};

/// `source` written into `dest` at the positions npg.slice would read. A
/// negative step visits the same positions as a positive one from the other
/// end, so `source` is first reversed along those dimensions (a generic);
/// then it is tensor.insert_slice. A splat `dest` (autodiff's zeros) becomes
/// a fill, so that bufferization writes into a fresh buffer instead of
/// copying a constant first.
struct InsertSlicePattern : OpConversionPattern<npgir::InsertSliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::InsertSliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    auto sourceType = cast<RankedTensorType>(adaptor.getSource().getType());
    Value dest = adaptor.getDest();
    if (sourceType.getNumElements() == 0) {
      rewriter.replaceOp(op, dest);
      return success();
    }
    dest = splatAsFill(rewriter, loc, dest, type);

    ArrayRef<int64_t> starts = op.getStarts(), steps = op.getSteps();
    SmallVector<OpFoldResult> offsets, sizes, strides;
    SmallVector<bool> reversed;
    for (auto [d, start] : llvm::enumerate(starts)) {
      StridedRange r = positiveRange(start, sourceType.getDimSize(d), steps[d]);
      offsets.push_back(rewriter.getIndexAttr(r.offset));
      sizes.push_back(rewriter.getIndexAttr(sourceType.getDimSize(d)));
      strides.push_back(rewriter.getIndexAttr(r.stride));
      reversed.push_back(r.reversed);
    }
    Value source = reverseDims(rewriter, loc, adaptor.getSource(), reversed);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(op, source, dest,
                                                       offsets, sizes, strides);
    return success();
  }
};

/// Each input inserted at its offset along `axis` into one new tensor.
struct ConcatPattern : OpConversionPattern<npgir::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType out = op.getType();
    int64_t axis = op.getAxis();
    Value dest =
        emptyTensor(rewriter, loc, out.getShape(), out.getElementType());
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto type = cast<RankedTensorType>(input.getType());
      SmallVector<OpFoldResult> offsets, sizes, strides;
      for (int64_t d = 0; d < type.getRank(); ++d) {
        offsets.push_back(rewriter.getIndexAttr(d == axis ? offset : 0));
        sizes.push_back(rewriter.getIndexAttr(type.getDimSize(d)));
        strides.push_back(rewriter.getIndexAttr(1));
      }
      dest = rewriter.create<tensor::InsertSliceOp>(loc, input, dest, offsets,
                                                    sizes, strides);
      offset += type.getDimSize(axis);
    }
    rewriter.replaceOp(op, dest);
    return success();
  }
};

/// An index tensor element as an `index` into a dimension of size n: a
/// negative one counts from the end (numpy), and anything still outside
/// [0, n) is clamped, since compiled code cannot throw.
Value wrapIndex(OpBuilder &b, Location loc, Value raw, int64_t n) {
  Value i = b.create<arith::IndexCastOp>(loc, b.getIndexType(), raw);
  Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
  Value size = b.create<arith::ConstantIndexOp>(loc, n);
  Value last =
      b.create<arith::ConstantIndexOp>(loc, std::max<int64_t>(n - 1, 0));
  Value negative =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, i, zero);
  Value wrapped = b.create<arith::SelectOp>(
      loc, negative, b.create<arith::AddIOp>(loc, i, size), i);
  return b.create<arith::MaxSIOp>(
      loc, b.create<arith::MinSIOp>(loc, wrapped, last), zero);
}

/// result[o..., j..., i...] = input[o..., indices[j...], i...]: a parallel
/// generic over the result reading the index through its indexing map and
/// the element with tensor.extract.
struct GatherPattern : OpConversionPattern<npgir::GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType out = op.getType();
    auto inType = cast<RankedTensorType>(adaptor.getInput().getType());
    auto idxType = cast<RankedTensorType>(adaptor.getIndices().getType());
    int64_t axis = static_cast<int64_t>(op.getAxis());
    int64_t k = idxType.getRank(), rank = out.getRank();
    int64_t n = inType.getDimSize(axis);
    SmallVector<AffineExpr> exprs;
    for (int64_t j = 0; j < k; ++j)
      exprs.push_back(rewriter.getAffineDimExpr(axis + j));
    AffineMap idxMap = AffineMap::get(rank, 0, exprs, rewriter.getContext());
    Value input = adaptor.getInput();
    Value result = buildParallelGeneric(
        rewriter, loc, out, adaptor.getIndices(), {idxMap},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          SmallVector<Value> coords;
          for (int64_t d = 0; d < axis; ++d)
            coords.push_back(b.create<linalg::IndexOp>(l, d));
          coords.push_back(wrapIndex(b, l, args[0], n));
          for (int64_t d = axis + 1; d < inType.getRank(); ++d)
            coords.push_back(b.create<linalg::IndexOp>(l, d - 1 + k));
          return b.create<tensor::ExtractOp>(l, input, coords);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// dest with updates added at the indexed positions: an scf.for nest over
/// updates whose iteration argument is the accumulator (one-shot
/// bufferization updates it in place).
struct ScatterAddPattern : OpConversionPattern<npgir::ScatterAddOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::ScatterAddOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    auto updType = cast<RankedTensorType>(adaptor.getUpdates().getType());
    auto idxType = cast<RankedTensorType>(adaptor.getIndices().getType());
    int64_t axis = static_cast<int64_t>(op.getAxis());
    int64_t k = idxType.getRank(), n = type.getDimSize(axis);
    Value dest = adaptor.getDest();
    if (updType.getNumElements() == 0) {
      rewriter.replaceOp(op, dest);
      return success();
    }
    dest = splatAsFill(rewriter, loc, dest, type);
    SmallVector<Value> lbs, ubs, steps;
    Value zero = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    Value one = rewriter.create<arith::ConstantIndexOp>(loc, 1);
    for (int64_t d = 0; d < updType.getRank(); ++d) {
      lbs.push_back(zero);
      ubs.push_back(
          rewriter.create<arith::ConstantIndexOp>(loc, updType.getDimSize(d)));
      steps.push_back(one);
    }
    Value indices = adaptor.getIndices(), updates = adaptor.getUpdates();
    Type element = type.getElementType();
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{dest},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange acc) -> scf::ValueVector {
          Value raw =
              b.create<tensor::ExtractOp>(l, indices, ivs.slice(axis, k));
          SmallVector<Value> coords(ivs.begin(), ivs.begin() + axis);
          coords.push_back(wrapIndex(b, l, raw, n));
          llvm::append_range(coords, ivs.drop_front(axis + k));
          Value u = b.create<tensor::ExtractOp>(l, updates, ivs);
          Value cur = b.create<tensor::ExtractOp>(l, acc[0], coords);
          Value sum;
          if (isa<FloatType>(element))
            sum = b.create<arith::AddFOp>(l, cur, u);
          else if (isBool(element))
            sum = b.create<arith::OrIOp>(l, cur, u);
          else
            sum = b.create<arith::AddIOp>(l, cur, u);
          return {b.create<tensor::InsertOp>(l, sum, acc[0], coords)};
        });
    rewriter.replaceOp(op, nest.results.front());
    return success();
  }
};

struct ConvertNpgToLinalgPass
    : ::npg::impl::ConvertNpgToLinalgPassBase<ConvertNpgToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect>();
    target.addIllegalDialect<npgir::NpgDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });

    RewritePatternSet patterns(ctx);
    patterns.add<ElementwisePattern>(ctx);
    patterns.add<StopGradientPattern>(ctx);
    patterns
        .add<ConstantPattern, BroadcastPattern, TransposePattern,
             ReshapePattern, MatmulPattern, SlicePattern, InsertSlicePattern,
             ConcatPattern, GatherPattern, ScatterAddPattern,
             ReducePattern<npgir::ReduceSumOp, ReduceKind::Sum>,
             ReducePattern<npgir::ReduceMaxOp, ReduceKind::Max>,
             ReducePattern<npgir::ReduceMinOp, ReduceKind::Min>>(ctx);
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
