//===- Reductions.cpp - npg's reductions to linalg ------------------------===//
//
// A reduction generic over a filled accumulator, float32 sums accumulated in
// float64 as the eager kernels do.
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

enum class ReduceKind { Sum, Max, Min };

/// A reduction generic over a filled accumulator, reduced dimensions dropped;
/// keepdims then re-inserts them as size 1 with expand_shape (a view).
/// float32 sums accumulate in float64, as the eager kernel does.
template <typename Op, ReduceKind Kind>
struct ReducePattern : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  using OpAdaptor = typename OpConversionPattern<Op>::OpAdaptor;

  /// The accumulator's start, the combination's identity. A float sum starts
  /// from -0.0 (so the sum of {-0.0} stays -0.0, as the eager kernel's) unless
  /// it reduces over nothing, whose sum is +0.0.
  static TypedAttr initValue(Builder &b, Type type, int64_t count) {
    if (Kind == ReduceKind::Sum) {
      if (auto ft = dyn_cast<FloatType>(type); ft && count != 0)
        return b.getFloatAttr(ft, APFloat::getZero(ft.getFloatSemantics(),
                                                   /*Negative=*/true));
      return cast<TypedAttr>(b.getZeroAttr(type));
    }
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
    int64_t count = 1;
    for (int64_t a : op.getAxes()) {
      reduced[a] = true;
      count *= in.getDimSize(a);
    }

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
    Value init = rewriter.create<arith::ConstantOp>(
        loc, initValue(rewriter, acc, count));
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

} // namespace

namespace npg::conversion {
void populateReductionPatterns(RewritePatternSet &patterns) {
  patterns.add<ReducePattern<npgir::ReduceSumOp, ReduceKind::Sum>,
               ReducePattern<npgir::ReduceMaxOp, ReduceKind::Max>,
               ReducePattern<npgir::ReduceMinOp, ReduceKind::Min>>(
      patterns.getContext());
}
} // namespace npg::conversion
