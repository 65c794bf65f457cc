//===- Scans.cpp - npg.linear_scan to a loop over the axis ----------------===//
//
// linalg has no scan, so the recurrence is an scf.for along the scan axis
// whose body is a parallel generic over the other dimensions: the carried
// slice (f64 for f32 values, as the eager kernel carries them) is updated in
// place and each step's slice inserted into the result.
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

struct LinearScanPattern : OpConversionPattern<npgir::LinearScanOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(npgir::LinearScanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    Type element = type.getElementType();
    Type carried = element.isF32() ? rewriter.getF64Type() : element;
    int64_t rank = type.getRank(), axis = op.getAxis();
    int64_t n = type.getDimSize(axis);
    if (n <= 1) { // s = b
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }

    // One step's slice: the axis kept with size 1 (a rank-reducing slice
    // leaves which unit dimension it drops ambiguous, and upstream
    // canonicalisation has folded such slices wrongly).
    SmallVector<int64_t> rest(type.getShape());
    rest[axis] = 1;
    auto sliceType = RankedTensorType::get(rest, element);
    auto carriedType = RankedTensorType::get(rest, carried);
    SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
    for (int64_t size : rest)
      sizes.push_back(rewriter.getIndexAttr(size));
    auto offsets = [&](OpFoldResult at) {
      SmallVector<OpFoldResult> o(rank, rewriter.getIndexAttr(0));
      o[axis] = at;
      return o;
    };
    auto extract = [&](OpBuilder &b, Value from, OpFoldResult at) -> Value {
      return b.create<tensor::ExtractSliceOp>(loc, sliceType, from, offsets(at),
                                              sizes, strides);
    };
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    auto widen = [&](OpBuilder &b, Value v) -> Value {
      if (carried == element)
        return v;
      return buildParallelGeneric(
          b, loc, carriedType, v, {id},
          [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
            return nb.create<arith::ExtFOp>(l, carried, args[0]);
          });
    };

    // Step 0: s = b at the first position in scan order.
    int64_t first = op.getReverse() ? n - 1 : 0;
    Value b0 =
        extract(rewriter, adaptor.getInput(), rewriter.getIndexAttr(first));
    Value out = rewriter.create<tensor::InsertSliceOp>(
        loc, b0, emptyTensor(rewriter, loc, type.getShape(), element),
        offsets(rewriter.getIndexAttr(first)), sizes, strides);
    Value state = widen(rewriter, b0);

    Value lower = rewriter.create<arith::ConstantIndexOp>(loc, 1);
    Value upper = rewriter.create<arith::ConstantIndexOp>(loc, n);
    Value step = rewriter.create<arith::ConstantIndexOp>(loc, 1);
    bool reverse = op.getReverse(), strongZero = op.getStrongZero();
    auto loop = rewriter.create<scf::ForOp>(
        loc, lower, upper, step, ValueRange{state, out},
        [&](OpBuilder &b, Location l, Value k, ValueRange iter) {
          Value i = k;
          if (reverse)
            i = b.create<arith::SubIOp>(
                l, b.create<arith::ConstantIndexOp>(l, n - 1), k);
          Value a = extract(b, adaptor.getCoefficients(), i);
          Value x = extract(b, adaptor.getInput(), i);
          Value slot = extract(b, iter[1], i);
          SmallVector<AffineMap> maps(4, id);
          SmallVector<utils::IteratorType> iterators(
              rank, utils::IteratorType::parallel);
          auto generic = b.create<linalg::GenericOp>(
              l, TypeRange{carriedType, sliceType}, ValueRange{a, x},
              ValueRange{iter[0], slot}, maps, iterators,
              [&](OpBuilder &nb, Location bl, ValueRange args) {
                Value coef = args[0], input = args[1], s = args[2];
                if (carried != element) {
                  coef = nb.create<arith::ExtFOp>(bl, carried, coef);
                  input = nb.create<arith::ExtFOp>(bl, carried, input);
                }
                bool isFloat = isa<FloatType>(carried);
                Value term =
                    isFloat ? nb.create<arith::MulFOp>(bl, coef, s).getResult()
                            : nb.create<arith::MulIOp>(bl, coef, s).getResult();
                if (strongZero) {
                  Value zero = scalarConstant(nb, bl, carried, 0.0);
                  Value isZero =
                      isFloat ? nb.create<arith::CmpFOp>(
                                      bl, arith::CmpFPredicate::OEQ, coef, zero)
                                    .getResult()
                              : nb.create<arith::CmpIOp>(
                                      bl, arith::CmpIPredicate::eq, coef, zero)
                                    .getResult();
                  term = nb.create<arith::SelectOp>(bl, isZero, zero, term);
                }
                Value next =
                    isFloat
                        ? nb.create<arith::AddFOp>(bl, term, input).getResult()
                        : nb.create<arith::AddIOp>(bl, term, input).getResult();
                Value stored =
                    carried == element
                        ? next
                        : nb.create<arith::TruncFOp>(bl, element, next)
                              .getResult();
                nb.create<linalg::YieldOp>(bl, ValueRange{next, stored});
              });
          Value written = b.create<tensor::InsertSliceOp>(
              l, generic.getResult(1), iter[1], offsets(i), sizes, strides);
          b.create<scf::YieldOp>(l, ValueRange{generic.getResult(0), written});
        });
    rewriter.replaceOp(op, loop.getResult(1));
    return success();
  }
};

} // namespace

namespace npg::conversion {
void populateScanPatterns(RewritePatternSet &patterns) {
  patterns.add<LinearScanPattern>(patterns.getContext());
}
} // namespace npg::conversion
