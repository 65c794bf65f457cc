//===- Scans.cpp - npg.linear_scan to loops along the axis ----------------===//
//
// linalg has no scan, so the recurrence becomes scf.for loops; f32 values
// are carried in f64, as the eager kernel carries them. Which loop is inner
// follows the memory: along the innermost axis, loops over the other
// dimensions around a scalar loop that reads consecutive elements; along
// any other axis, a loop along the axis whose body is a parallel generic
// over a slice of the others (contiguous in its inner dimension), updating
// the carried slice in place.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "npg/IR/NpgOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace ::npg::conversion;
namespace npgir = mlir::npg;

namespace {

/// What every lowering of one linear_scan shares.
struct Scan {
  Location loc;
  RankedTensorType type;
  Type element, carried;
  int64_t axis, n;
  bool reverse, strongZero;
  Value coefficients, input;

  /// The position of step k (1..n-1) of the scan along the axis.
  Value position(OpBuilder &b, Value k) const {
    if (!reverse)
      return k;
    return b.create<arith::SubIOp>(
        loc, b.create<arith::ConstantIndexOp>(loc, n - 1), k);
  }

  Value widen(OpBuilder &b, Value v) const {
    return carried == element ? v : b.create<arith::ExtFOp>(loc, carried, v);
  }
  Value narrow(OpBuilder &b, Value v) const {
    return carried == element ? v : b.create<arith::TruncFOp>(loc, element, v);
  }

  /// One step on scalars of `element`, carried `s`: a * s + b in the carried
  /// type (with strong_zero, a zero a gives a zero term whatever s is).
  Value step(OpBuilder &b, Value coef, Value in, Value s) const {
    coef = widen(b, coef);
    in = widen(b, in);
    bool isFloat = isa<FloatType>(carried);
    Value term = isFloat ? b.create<arith::MulFOp>(loc, coef, s).getResult()
                         : b.create<arith::MulIOp>(loc, coef, s).getResult();
    if (strongZero) {
      Value zero = scalarConstant(b, loc, carried, 0.0);
      Value isZero = isFloat ? b.create<arith::CmpFOp>(
                                    loc, arith::CmpFPredicate::OEQ, coef, zero)
                                   .getResult()
                             : b.create<arith::CmpIOp>(
                                    loc, arith::CmpIPredicate::eq, coef, zero)
                                   .getResult();
      term = b.create<arith::SelectOp>(loc, isZero, zero, term);
    }
    return isFloat ? b.create<arith::AddFOp>(loc, term, in).getResult()
                   : b.create<arith::AddIOp>(loc, term, in).getResult();
  }

  /// Along the innermost axis (every later dimension of size 1): a loop per
  /// other dimension, then a scalar loop along the axis.
  Value alongRows(OpBuilder &b) const {
    int64_t rank = type.getRank();
    Value out = emptyTensor(b, loc, type.getShape(), element);
    SmallVector<Value> index(rank);
    std::function<Value(OpBuilder &, int64_t, Value)> nest =
        [&](OpBuilder &nb, int64_t d, Value dest) -> Value {
      if (d == axis)
        return nest(nb, d + 1, dest);
      if (d == rank)
        return row(nb, index, dest);
      auto loop = nb.create<scf::ForOp>(
          loc, nb.create<arith::ConstantIndexOp>(loc, 0),
          nb.create<arith::ConstantIndexOp>(loc, type.getDimSize(d)),
          nb.create<arith::ConstantIndexOp>(loc, 1), ValueRange{dest},
          [&](OpBuilder &lb, Location, Value i, ValueRange iter) {
            index[d] = i;
            lb.create<scf::YieldOp>(loc, nest(lb, d + 1, iter[0]));
          });
      return loop.getResult(0);
    };
    return nest(b, 0, out);
  }

  /// The scan of one row: `index` holds the other dimensions' positions.
  Value row(OpBuilder &b, SmallVector<Value> &index, Value dest) const {
    index[axis] = b.create<arith::ConstantIndexOp>(loc, reverse ? n - 1 : 0);
    Value first = b.create<tensor::ExtractOp>(loc, input, index);
    dest = b.create<tensor::InsertOp>(loc, first, dest, index);
    auto loop = b.create<scf::ForOp>(
        loc, b.create<arith::ConstantIndexOp>(loc, 1),
        b.create<arith::ConstantIndexOp>(loc, n),
        b.create<arith::ConstantIndexOp>(loc, 1),
        ValueRange{widen(b, first), dest},
        [&](OpBuilder &lb, Location, Value k, ValueRange iter) {
          index[axis] = position(lb, k);
          Value next =
              step(lb, lb.create<tensor::ExtractOp>(loc, coefficients, index),
                   lb.create<tensor::ExtractOp>(loc, input, index), iter[0]);
          Value written = lb.create<tensor::InsertOp>(loc, narrow(lb, next),
                                                      iter[1], index);
          lb.create<scf::YieldOp>(loc, ValueRange{next, written});
        });
    return loop.getResult(1);
  }

  /// Along an outer axis: a loop along it over slices of the others. Slices
  /// keep the axis with size 1 (a rank-reducing slice leaves which unit
  /// dimension it drops ambiguous, and canonicalisation has folded such
  /// slices wrongly: scan_along_an_axis_between_unit_axes.npg).
  Value alongSlices(OpBuilder &b) const {
    int64_t rank = type.getRank();
    SmallVector<int64_t> rest(type.getShape());
    rest[axis] = 1;
    auto sliceType = RankedTensorType::get(rest, element);
    auto carriedType = RankedTensorType::get(rest, carried);
    SmallVector<OpFoldResult> sizes, strides(rank, b.getIndexAttr(1));
    for (int64_t size : rest)
      sizes.push_back(b.getIndexAttr(size));
    auto offsets = [&](OpFoldResult at) {
      SmallVector<OpFoldResult> o(rank, b.getIndexAttr(0));
      o[axis] = at;
      return o;
    };
    auto extract = [&](OpBuilder &nb, Value from, OpFoldResult at) -> Value {
      return nb.create<tensor::ExtractSliceOp>(loc, sliceType, from,
                                               offsets(at), sizes, strides);
    };
    AffineMap id = b.getMultiDimIdentityMap(rank);
    SmallVector<utils::IteratorType> parallel(rank,
                                              utils::IteratorType::parallel);

    // Step 0: s = b at the first position in scan order.
    OpFoldResult first = b.getIndexAttr(reverse ? n - 1 : 0);
    Value b0 = extract(b, input, first);
    Value out = b.create<tensor::InsertSliceOp>(
        loc, b0, emptyTensor(b, loc, type.getShape(), element), offsets(first),
        sizes, strides);
    Value state =
        buildParallelGeneric(b, loc, carriedType, b0, {id},
                             [&](OpBuilder &nb, Location, ValueRange args) {
                               return widen(nb, args[0]);
                             });
    auto loop = b.create<scf::ForOp>(
        loc, b.create<arith::ConstantIndexOp>(loc, 1),
        b.create<arith::ConstantIndexOp>(loc, n),
        b.create<arith::ConstantIndexOp>(loc, 1), ValueRange{state, out},
        [&](OpBuilder &lb, Location, Value k, ValueRange iter) {
          Value i = position(lb, k);
          Value slot = extract(lb, iter[1], i);
          SmallVector<AffineMap> maps(4, id);
          auto generic = lb.create<linalg::GenericOp>(
              loc, TypeRange{carriedType, sliceType},
              ValueRange{extract(lb, coefficients, i), extract(lb, input, i)},
              ValueRange{iter[0], slot}, maps, parallel,
              [&](OpBuilder &nb, Location, ValueRange args) {
                Value next = step(nb, args[0], args[1], args[2]);
                nb.create<linalg::YieldOp>(loc,
                                           ValueRange{next, narrow(nb, next)});
              });
          Value written = lb.create<tensor::InsertSliceOp>(
              loc, generic.getResult(1), iter[1], offsets(i), sizes, strides);
          lb.create<scf::YieldOp>(loc,
                                  ValueRange{generic.getResult(0), written});
        });
    return loop.getResult(1);
  }
};

struct LinearScanPattern : OpConversionPattern<npgir::LinearScanOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(npgir::LinearScanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    Type element = type.getElementType();
    int64_t axis = op.getAxis();
    Scan scan{op.getLoc(),
              type,
              element,
              element.isF32() ? rewriter.getF64Type() : element,
              axis,
              type.getDimSize(axis),
              op.getReverse(),
              op.getStrongZero(),
              adaptor.getCoefficients(),
              adaptor.getInput()};
    if (scan.n <= 1) { // s = b
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    int64_t inner = 1;
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      inner *= type.getDimSize(d);
    rewriter.replaceOp(op, inner == 1 ? scan.alongRows(rewriter)
                                      : scan.alongSlices(rewriter));
    return success();
  }
};

} // namespace

namespace npg::conversion {
void populateScanPatterns(RewritePatternSet &patterns) {
  patterns.add<LinearScanPattern>(patterns.getContext());
}
} // namespace npg::conversion
