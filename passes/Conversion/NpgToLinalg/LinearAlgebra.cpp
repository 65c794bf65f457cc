//===- LinearAlgebra.cpp - npg.matmul to linalg ---------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "npg/IR/NpgOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace ::npg::conversion;
namespace npgir = mlir::npg;

namespace {

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
                               // contract: one fused multiply-add per step,
                               // as BLAS kernels (and so eager code) do, so
                               // that a product beyond the float range does
                               // not round to inf before the add.
                               const auto contract =
                                   arith::FastMathFlags::contract;
                               p = b.create<arith::MulFOp>(l, args[0], args[1],
                                                           contract);
                               s = b.create<arith::AddFOp>(l, args[2], p,
                                                           contract);
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

} // namespace

namespace npg::conversion {
void populateLinearAlgebraPatterns(RewritePatternSet &patterns) {
  patterns.add<MatmulPattern>(patterns.getContext());
}
} // namespace npg::conversion
