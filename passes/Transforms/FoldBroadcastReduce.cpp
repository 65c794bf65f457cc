//===- FoldBroadcastReduce.cpp - npg-fold-broadcast-reduce ----------------===//
//
// The gradient of a broadcast is a sum over the broadcast axes, so gradients
// are full of reduce_sum(... broadcast_to ...). These patterns sum the small
// operand instead, so that nothing is broadcast only to be summed again, and
// tidy the reshape/reduce chains that autodiff leaves around them. Each
// pattern is listed, with its justification, in the pass description
// (Passes.td).
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "npg/IR/NpgOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace npg {
#define GEN_PASS_DEF_FOLDBROADCASTREDUCEPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;
namespace npgir = mlir::npg;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

SmallVector<bool> axisSet(ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<bool> set(rank, false);
  for (int64_t a : axes)
    set[a] = true;
  return set;
}

/// Result dimensions of `b` along which its value is constant: new
/// dimensions, and size-1 input dimensions stretched to more than 1.
SmallVector<bool> stretchedDims(npgir::BroadcastToOp b) {
  RankedTensorType in = b.getInput().getType(), out = b.getType();
  SmallVector<bool> stretched(out.getRank(), true);
  for (auto [i, d] : llvm::enumerate(b.getDimensions()))
    stretched[d] = in.getDimSize(i) == 1 && out.getDimSize(d) != 1;
  return stretched;
}

/// `value` (the operand of broadcast `dims` into a result of rank
/// `resultRank`) spread over `type`, the type of a reduction over `reduced`
/// of that result. Input dimensions landing on reduced result dimensions
/// must have size 1: with keepdims they stay, otherwise a reshape drops them.
Value spreadOver(PatternRewriter &rewriter, Location loc, Value value,
                 ArrayRef<int64_t> dims, ArrayRef<bool> reduced, bool keepdims,
                 RankedTensorType type) {
  auto in = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> newDims, shape;
  for (auto [i, d] : llvm::enumerate(dims)) {
    if (keepdims) {
      newDims.push_back(d);
      shape.push_back(in.getDimSize(i));
      continue;
    }
    if (reduced[d])
      continue;
    int64_t before = llvm::count(ArrayRef<bool>(reduced).take_front(d), true);
    newDims.push_back(d - before);
    shape.push_back(in.getDimSize(i));
  }
  if (static_cast<int64_t>(shape.size()) != in.getRank())
    value = rewriter.create<npgir::ReshapeOp>(loc, value, shape);
  return rewriter.create<npgir::BroadcastToOp>(loc, type, value, newDims);
}

/// A splat constant of `type` holding `count`.
Value splatCount(PatternRewriter &rewriter, Location loc, RankedTensorType type,
                 int64_t count) {
  Type element = type.getElementType();
  Attribute value;
  if (auto ft = dyn_cast<FloatType>(element))
    value = rewriter.getFloatAttr(ft, static_cast<double>(count));
  else
    value = rewriter.getIntegerAttr(element, count);
  return rewriter.create<npgir::ConstantOp>(
      loc, DenseElementsAttr::get(type, value));
}

/// If `type`'s shape is `from`'s with only size-1 dimensions inserted,
/// where each dimension of `from` lands (greedy; any consistent choice will
/// do for the callers).
std::optional<SmallVector<int64_t>> unitInsertion(RankedTensorType from,
                                                  RankedTensorType type) {
  SmallVector<int64_t> where;
  int64_t i = 0, k = from.getRank();
  for (int64_t j = 0; j < type.getRank(); ++j) {
    if (i < k && from.getDimSize(i) == type.getDimSize(j))
      where.push_back(j), ++i;
    else if (type.getDimSize(j) != 1)
      return std::nullopt;
  }
  if (i != k)
    return std::nullopt;
  return where;
}

//===----------------------------------------------------------------------===//
// Sums over broadcast axes
//===----------------------------------------------------------------------===//

/// Whether `op` sums over no element (an axis in A of extent 0): the sum is
/// +0 then whatever the terms, where a rewrite into a product would turn an
/// infinite or NaN factor times 0 into NaN.
static bool sumsOverNothing(npgir::ReduceSumOp op) {
  auto input = cast<RankedTensorType>(op.getInput().getType());
  return llvm::any_of(op.getAxes(),
                      [&](int64_t a) { return input.getDimSize(a) == 0; });
}

/// reduce_sum(broadcast_to(x), A): along a stretched axis every term is the
/// same, so that part of the sum is a product by the axis' extent; along the
/// other axes of A the sum runs over x itself:
///   broadcast_to(reduce_sum(x, A', keepdims) * count)
/// where A' are x's dimensions landing on A, count is the product of the
/// stretched extents in A, and the outer broadcast_to covers what the result
/// still has of the broadcast (it folds away when nothing is left).
struct SumOfBroadcast : OpRewritePattern<npgir::ReduceSumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(npgir::ReduceSumOp op,
                                PatternRewriter &rewriter) const override {
    auto b = op.getInput().getDefiningOp<npgir::BroadcastToOp>();
    if (!b || op.getAxes().empty() ||
        op.getType().getElementType().isInteger(1) || sumsOverNothing(op))
      return failure();
    Location loc = op.getLoc();
    RankedTensorType out = b.getType();
    Value x = b.getInput();
    RankedTensorType xt = b.getInput().getType();
    SmallVector<bool> reduced = axisSet(op.getAxes(), out.getRank());
    ArrayRef<int64_t> dims = b.getDimensions();

    int64_t count = 1;
    for (int64_t a : op.getAxes())
      count *= out.getDimSize(a);
    SmallVector<int64_t> xAxes;
    for (auto [i, d] : llvm::enumerate(dims)) {
      if (!reduced[d])
        continue;
      count /= xt.getDimSize(i);
      if (xt.getDimSize(i) != 1)
        xAxes.push_back(i);
    }
    auto scale = [&](Value y) -> Value {
      if (count == 1)
        return y;
      auto yt = cast<RankedTensorType>(y.getType());
      return rewriter.create<npgir::MulOp>(
          loc, y, splatCount(rewriter, loc, yt, count));
    };
    if (!op.getKeepdims() && !xAxes.empty()) {
      // Drop every dimension of x landing on A in the reduction itself
      // (the size-1 ones cost nothing), instead of reshaping afterwards.
      SmallVector<int64_t> landing, newDims;
      for (auto [i, d] : llvm::enumerate(dims)) {
        if (reduced[d])
          landing.push_back(i);
        else
          newDims.push_back(
              d - llvm::count(ArrayRef<bool>(reduced).take_front(d), true));
      }
      Value y = scale(rewriter.create<npgir::ReduceSumOp>(loc, x, landing,
                                                          /*keepdims=*/false));
      rewriter.replaceOpWithNewOp<npgir::BroadcastToOp>(op, op.getType(), y,
                                                        newDims);
      return success();
    }
    Value y = x;
    if (!xAxes.empty())
      y = rewriter.create<npgir::ReduceSumOp>(loc, x, xAxes,
                                              /*keepdims=*/true);
    rewriter.replaceOp(op, spreadOver(rewriter, loc, scale(y), dims, reduced,
                                      op.getKeepdims(), op.getType()));
    return success();
  }
};

/// reduce_sum(broadcast_to(w) * y, A) = broadcast_to(w') * reduce_sum(y, A)
/// when w is constant along every axis of A (each is a stretched dimension
/// of the broadcast): the factor comes out of the sum. Likewise
/// reduce_sum(y / broadcast_to(w), A) = reduce_sum(y, A) / broadcast_to(w')
/// for floats. This is the seed of a sum's gradient (a broadcast scalar)
/// times the other operand, summed back to a parameter's shape.
///
/// A float factor must be a finite constant (and a divisor nonzero): an
/// infinite w times a sum of terms one of which is 0 is ±inf, where eager
/// code's sum of products holds inf * 0 = NaN; a NaN or zero divisor
/// differs likewise. Integer factors always come out (wrapping arithmetic
/// distributes exactly).
struct SumOfScaled : OpRewritePattern<npgir::ReduceSumOp> {
  using OpRewritePattern::OpRewritePattern;

  static bool exactFactor(Value w, bool divisor) {
    if (!isa<FloatType>(getElementTypeOrSelf(w.getType())))
      return true;
    DenseElementsAttr values;
    if (!matchPattern(w, m_Constant(&values)))
      return false;
    return llvm::all_of(values.getValues<APFloat>(), [&](const APFloat &v) {
      return v.isFinite() && !(divisor && v.isZero());
    });
  }

  /// `v` if it is a broadcast constant along every axis in `reduced`, of an
  /// exact factor.
  static npgir::BroadcastToOp constantAlong(Value v, ArrayRef<bool> reduced,
                                            bool divisor) {
    auto b = v.getDefiningOp<npgir::BroadcastToOp>();
    if (!b || !exactFactor(b.getInput(), divisor))
      return {};
    SmallVector<bool> stretched = stretchedDims(b);
    for (auto [d, r] : llvm::enumerate(reduced))
      if (r && !stretched[d])
        return {};
    return b;
  }

  LogicalResult matchAndRewrite(npgir::ReduceSumOp op,
                                PatternRewriter &rewriter) const override {
    Operation *product = op.getInput().getDefiningOp();
    if (!product || !isa<npgir::MulOp, npgir::DivOp>(product) ||
        !product->hasOneUse() || op.getAxes().empty() || sumsOverNothing(op))
      return failure();
    Type element = op.getType().getElementType();
    if (element.isInteger(1))
      return failure();
    SmallVector<bool> reduced =
        axisSet(op.getAxes(), op.getInput().getType().getRank());
    Value lhs = product->getOperand(0), rhs = product->getOperand(1);
    npgir::BroadcastToOp factor;
    Value other;
    bool isDiv = isa<npgir::DivOp>(product);
    if (isDiv) {
      if (!isa<FloatType>(element))
        return failure();
      factor = constantAlong(rhs, reduced, /*divisor=*/true);
      other = lhs;
    } else if ((factor = constantAlong(rhs, reduced, /*divisor=*/false))) {
      other = lhs;
    } else {
      factor = constantAlong(lhs, reduced, /*divisor=*/false);
      other = rhs;
    }
    if (!factor)
      return failure();
    Location loc = op.getLoc();
    Value sum = rewriter.create<npgir::ReduceSumOp>(
        loc, op.getType(), other, op.getAxesAttr(), op.getKeepdimsAttr());
    Value w =
        spreadOver(rewriter, loc, factor.getInput(), factor.getDimensions(),
                   reduced, op.getKeepdims(), op.getType());
    if (isDiv)
      rewriter.replaceOpWithNewOp<npgir::DivOp>(op, sum, w);
    else
      rewriter.replaceOpWithNewOp<npgir::MulOp>(op, w, sum);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// R(R(x, a, k1), b, k2) = R(x, a ∪ b', k) for one kind R, where b' maps b
/// through the first reduction's dropped axes; when k1 != k2 the merged
/// reduction drops everything and a reshape puts back the unit dimensions.
template <typename Op> struct MergeReductions : OpRewritePattern<Op> {
  using OpRewritePattern<Op>::OpRewritePattern;
  LogicalResult matchAndRewrite(Op op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().template getDefiningOp<Op>();
    if (!inner || !inner->hasOneUse())
      return failure();
    RankedTensorType xt = inner.getInput().getType();
    SmallVector<bool> axes = axisSet(inner.getAxes(), xt.getRank());
    SmallVector<int64_t> remaining; // x dimension of each inner result dim
    for (int64_t d = 0; d < xt.getRank(); ++d)
      if (inner.getKeepdims() || !axes[d])
        remaining.push_back(d);
    for (int64_t a : op.getAxes())
      axes[remaining[a]] = true;
    SmallVector<int64_t> merged;
    for (int64_t d = 0; d < xt.getRank(); ++d)
      if (axes[d])
        merged.push_back(d);
    bool keep = inner.getKeepdims() && op.getKeepdims();
    bool same = inner.getKeepdims() == op.getKeepdims();
    Value r = rewriter.create<Op>(op.getLoc(), inner.getInput(), merged,
                                  same ? keep : false);
    if (r.getType() != op.getType())
      r = rewriter.create<npgir::ReshapeOp>(op.getLoc(), op.getType(), r);
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// A reduction over size-1 axes only reduces nothing: a reshape (which
/// lowers to a view) when it drops them.
template <typename Op> struct UnitReduction : OpRewritePattern<Op> {
  using OpRewritePattern<Op>::OpRewritePattern;
  LogicalResult matchAndRewrite(Op op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType in = op.getInput().getType();
    if (op.getAxes().empty() || in == op.getType() ||
        llvm::any_of(op.getAxes(),
                     [&](int64_t a) { return in.getDimSize(a) != 1; }))
      return failure();
    rewriter.replaceOpWithNewOp<npgir::ReshapeOp>(op, op.getType(),
                                                  op.getInput());
    return success();
  }
};

/// reshape(R(x, A, keepdims=true)) to the keepdims=false type is
/// R(x, A, keepdims=false): the pair autodiff writes for a broadcast's
/// gradient.
template <typename Op>
struct DropKeptDims : OpRewritePattern<npgir::ReshapeOp> {
  using OpRewritePattern<npgir::ReshapeOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(npgir::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto r = op.getInput().getDefiningOp<Op>();
    if (!r || !r.getKeepdims() || !r->hasOneUse())
      return failure();
    RankedTensorType in = r.getInput().getType();
    SmallVector<bool> axes = axisSet(r.getAxes(), in.getRank());
    SmallVector<int64_t> shape;
    for (int64_t d = 0; d < in.getRank(); ++d)
      if (!axes[d])
        shape.push_back(in.getDimSize(d));
    if (op.getType().getShape() != ArrayRef<int64_t>(shape))
      return failure();
    auto dropped = rewriter.create<Op>(op.getLoc(), r.getInput(), r.getAxes(),
                                       /*keepdims=*/false);
    rewriter.replaceOp(op, dropped.getResult());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

/// broadcast_to(reshape(x)) where the reshape only inserts size-1
/// dimensions: broadcast x directly (its dimensions keep their targets).
/// This is how a reduction's gradient spreads back (reshape to the kept
/// shape, then broadcast).
struct BroadcastOfUnitReshape : OpRewritePattern<npgir::BroadcastToOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(npgir::BroadcastToOp op,
                                PatternRewriter &rewriter) const override {
    auto reshape = op.getInput().getDefiningOp<npgir::ReshapeOp>();
    if (!reshape)
      return failure();
    auto where = unitInsertion(reshape.getInput().getType(), reshape.getType());
    if (!where)
      return failure();
    SmallVector<int64_t> dims;
    for (int64_t j : *where)
      dims.push_back(op.getDimensions()[j]);
    rewriter.replaceOpWithNewOp<npgir::BroadcastToOp>(op, op.getType(),
                                                      reshape.getInput(), dims);
    return success();
  }
};

/// reshape(broadcast_to(x)) where the reshape only inserts or only removes
/// size-1 dimensions (none of them a target of x): one broadcast_to. This is
/// the reshape autodiff puts after a broadcast's gradient sum.
struct UnitReshapeOfBroadcast : OpRewritePattern<npgir::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(npgir::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto b = op.getInput().getDefiningOp<npgir::BroadcastToOp>();
    if (!b)
      return failure();
    SmallVector<int64_t> dims;
    if (auto where = unitInsertion(b.getType(), op.getType())) {
      for (int64_t d : b.getDimensions())
        dims.push_back((*where)[d]);
    } else if (auto kept = unitInsertion(op.getType(), b.getType())) {
      for (int64_t d : b.getDimensions()) {
        const int64_t *it = llvm::find(*kept, d);
        if (it == kept->end())
          return failure();
        dims.push_back(it - kept->begin());
      }
    } else {
      return failure();
    }
    rewriter.replaceOpWithNewOp<npgir::BroadcastToOp>(op, op.getType(),
                                                      b.getInput(), dims);
    return success();
  }
};

/// A transpose that keeps the dimensions of size > 1 in order only moves
/// unit dimensions: a reshape.
struct UnitTranspose : OpRewritePattern<npgir::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(npgir::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType in = op.getInput().getType();
    int64_t last = -1;
    for (int64_t p : op.getPermutation()) {
      if (in.getDimSize(p) == 1)
        continue;
      if (p < last)
        return failure();
      last = p;
    }
    rewriter.replaceOpWithNewOp<npgir::ReshapeOp>(op, op.getType(),
                                                  op.getInput());
    return success();
  }
};

struct FoldBroadcastReducePass
    : ::npg::impl::FoldBroadcastReducePassBase<FoldBroadcastReducePass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<SumOfBroadcast, SumOfScaled, BroadcastOfUnitReshape,
                 UnitReshapeOfBroadcast, UnitTranspose>(ctx);
    patterns.add<
        MergeReductions<npgir::ReduceSumOp>,
        MergeReductions<npgir::ReduceMaxOp>,
        MergeReductions<npgir::ReduceMinOp>, UnitReduction<npgir::ReduceSumOp>,
        UnitReduction<npgir::ReduceMaxOp>, UnitReduction<npgir::ReduceMinOp>,
        DropKeptDims<npgir::ReduceSumOp>, DropKeptDims<npgir::ReduceMaxOp>,
        DropKeptDims<npgir::ReduceMinOp>>(ctx);
    // The greedy driver also runs the npg folders, which do the rest:
    // reshape and transpose chains, broadcasts of broadcasts, reductions
    // over no axes, splat constants.
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
