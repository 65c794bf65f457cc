//===- Reductions.cpp - npg's reductions to linalg ------------------------===//
//
// A reduction generic over a filled accumulator, float32 sums and products
// accumulated in float64 as the eager kernels do.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "npg/IR/NpgOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace ::npg::conversion;
namespace npgir = mlir::npg;

namespace {

enum class ReduceKind { Sum, Prod, Max, Min };

/// A reduction's start, the combination's identity. A float sum starts from
/// -0.0 (so the sum of {-0.0} stays -0.0, as the eager kernel's) unless it
/// reduces over nothing (`count` 0), whose sum is +0.0.
TypedAttr identity(ReduceKind kind, Builder &b, Type type, int64_t count) {
  if (kind == ReduceKind::Sum) {
    if (auto ft = dyn_cast<FloatType>(type); ft && count != 0)
      return b.getFloatAttr(ft, APFloat::getZero(ft.getFloatSemantics(),
                                                 /*Negative=*/true));
    return cast<TypedAttr>(b.getZeroAttr(type));
  }
  if (kind == ReduceKind::Prod) {
    if (auto ft = dyn_cast<FloatType>(type))
      return b.getFloatAttr(ft, 1.0);
    return b.getIntegerAttr(type, 1);
  }
  bool max = kind == ReduceKind::Max;
  if (auto ft = dyn_cast<FloatType>(type))
    return b.getFloatAttr(
        ft, APFloat::getInf(ft.getFloatSemantics(), /*Negative=*/max));
  unsigned width = type.getIntOrFloatBitWidth();
  if (width == 1) // or / and over bools: false / true.
    return b.getIntegerAttr(type, max ? 0 : 1);
  return b.getIntegerAttr(type, max ? APInt::getSignedMinValue(width)
                                    : APInt::getSignedMaxValue(width));
}

Value combine(ReduceKind kind, OpBuilder &b, Location loc, Value acc,
              Value in) {
  Type t = acc.getType();
  if (in.getType() != t)
    in = b.create<arith::ExtFOp>(loc, t, in);
  bool f = isa<FloatType>(t), i1 = isBool(t);
  switch (kind) {
  case ReduceKind::Sum:
    // reassoc lets LLVM vectorise the sum with partial sums per lane
    // (otherwise a float reduction over the innermost loop stays scalar).
    if (f)
      return b.create<arith::AddFOp>(loc, acc, in,
                                     arith::FastMathFlags::reassoc);
    if (i1)
      return b.create<arith::OrIOp>(loc, acc, in);
    return b.create<arith::AddIOp>(loc, acc, in);
  case ReduceKind::Prod:
    if (f)
      return b.create<arith::MulFOp>(loc, acc, in,
                                     arith::FastMathFlags::reassoc);
    if (i1)
      return b.create<arith::AndIOp>(loc, acc, in);
    return b.create<arith::MulIOp>(loc, acc, in);
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

/// `input` reduced with `kind` over the dimensions where `reduced` holds
/// (dropped from the result), accumulated in `acc` over `count` elements per
/// output: a reduction generic over a filled accumulator.
Value reduceOver(OpBuilder &b, Location loc, Value input,
                 ArrayRef<bool> reduced, ReduceKind kind, Type acc,
                 int64_t count) {
  auto in = cast<RankedTensorType>(input.getType());
  int64_t rank = in.getRank();
  SmallVector<int64_t> shape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    iterators.push_back(reduced[d] ? utils::IteratorType::reduction
                                   : utils::IteratorType::parallel);
    if (!reduced[d]) {
      shape.push_back(in.getDimSize(d));
      outExprs.push_back(b.getAffineDimExpr(d));
    }
  }
  Value init = b.create<arith::ConstantOp>(loc, identity(kind, b, acc, count));
  Value filled =
      b.create<linalg::FillOp>(loc, init, emptyTensor(b, loc, shape, acc))
          .getResult(0);
  SmallVector<AffineMap> maps = {
      b.getMultiDimIdentityMap(rank),
      AffineMap::get(rank, 0, outExprs, b.getContext())};
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{RankedTensorType::get(shape, acc)}, input, filled,
          maps, iterators,
          [kind](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(l,
                                       combine(kind, nb, l, args[1], args[0]));
          })
      .getResult(0);
}

/// A reduction generic over a filled accumulator, reduced dimensions dropped;
/// keepdims then re-inserts them as size 1 with expand_shape (a view).
/// float32 sums and products accumulate in float64, as the eager kernels do.
template <typename Op, ReduceKind Kind>
struct ReducePattern : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<Op>::OpAdaptor;

  LogicalResult
  matchAndRewrite(Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType in = op.getInput().getType();
    Type element = in.getElementType();
    Type acc = element;
    if ((Kind == ReduceKind::Sum || Kind == ReduceKind::Prod) &&
        element.isF32())
      acc = rewriter.getF64Type();
    SmallVector<bool> reduced(in.getRank(), false);
    int64_t count = 1;
    for (int64_t a : op.getAxes()) {
      reduced[a] = true;
      count *= in.getDimSize(a);
    }
    Value result = reduceOver(rewriter, loc, adaptor.getInput(), reduced, Kind,
                              acc, count);
    if (acc != element) {
      auto type = cast<RankedTensorType>(result.getType()).clone(element);
      ArrayRef<int64_t> shape = type.getShape();
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

/// argmax/argmin as two reductions that vectorise: the extremum along the
/// axis (NaN-propagating, as reduce_max), then the least index holding it
/// (or holding a NaN, when the extremum is NaN). So of equal elements the
/// first wins, and the first NaN, as numpy's; -0 and +0 are equal.
template <typename Op, bool IsMax>
struct ArgReducePattern : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<Op>::OpAdaptor;

  LogicalResult
  matchAndRewrite(Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType in = op.getInput().getType();
    Type element = in.getElementType();
    Type i64 = rewriter.getI64Type();
    int64_t rank = in.getRank(), axis = op.getAxis();
    int64_t n = in.getDimSize(axis);
    SmallVector<bool> reduced(rank, false);
    reduced[axis] = true;
    Value extremum =
        reduceOver(rewriter, loc, adaptor.getInput(), reduced,
                   IsMax ? ReduceKind::Max : ReduceKind::Min, element, n);

    SmallVector<int64_t> shape;
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0; d < rank; ++d) {
      iterators.push_back(d == axis ? utils::IteratorType::reduction
                                    : utils::IteratorType::parallel);
      if (d != axis) {
        shape.push_back(in.getDimSize(d));
        outExprs.push_back(rewriter.getAffineDimExpr(d));
      }
    }
    // No index is n: the minimum over the hits' indices.
    Value none =
        rewriter.create<arith::ConstantOp>(loc, rewriter.getI64IntegerAttr(n));
    Value filled = rewriter
                       .create<linalg::FillOp>(
                           loc, none, emptyTensor(rewriter, loc, shape, i64))
                       .getResult(0);
    AffineMap out = AffineMap::get(rank, 0, outExprs, rewriter.getContext());
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank), out,
                                   out};
    Value index =
        rewriter
            .create<linalg::GenericOp>(
                loc, TypeRange{RankedTensorType::get(shape, i64)},
                ValueRange{adaptor.getInput(), extremum}, filled, maps,
                iterators,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  Value x = args[0], m = args[1], best = args[2];
                  Value hit;
                  if (isa<FloatType>(element)) {
                    // x == m, or both NaN (the extremum is NaN then).
                    hit = b.create<arith::CmpFOp>(l, arith::CmpFPredicate::OEQ,
                                                  x, m);
                    Value nans = b.create<arith::AndIOp>(
                        l,
                        b.create<arith::CmpFOp>(l, arith::CmpFPredicate::UNO, x,
                                                x),
                        b.create<arith::CmpFOp>(l, arith::CmpFPredicate::UNO, m,
                                                m));
                    hit = b.create<arith::OrIOp>(l, hit, nans);
                  } else {
                    hit = b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq,
                                                  x, m);
                  }
                  Value i = b.create<arith::IndexCastOp>(
                      l, i64, b.create<linalg::IndexOp>(l, axis));
                  Value candidate = b.create<arith::SelectOp>(l, hit, i, none);
                  b.create<linalg::YieldOp>(
                      l,
                      ValueRange{b.create<arith::MinSIOp>(l, best, candidate)});
                })
            .getResult(0);
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, index, op.getType()));
    return success();
  }
};

} // namespace

namespace npg::conversion {
void populateReductionPatterns(RewritePatternSet &patterns) {
  patterns.add<ReducePattern<npgir::ReduceSumOp, ReduceKind::Sum>,
               ReducePattern<npgir::ReduceProdOp, ReduceKind::Prod>,
               ReducePattern<npgir::ReduceMaxOp, ReduceKind::Max>,
               ReducePattern<npgir::ReduceMinOp, ReduceKind::Min>,
               ArgReducePattern<npgir::ArgMaxOp, true>,
               ArgReducePattern<npgir::ArgMinOp, false>>(patterns.getContext());
}
} // namespace npg::conversion
