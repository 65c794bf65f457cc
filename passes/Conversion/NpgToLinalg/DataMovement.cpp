//===- DataMovement.cpp - npg's data movement ops to linalg/tensor --------===//
//
// Broadcasts and transposes as parallel generics (fused into their
// consumers they are only indexing maps), reshapes as collapse/expand
// (views), slices as strided views, gathers and scatters with explicit
// index arithmetic.
//
//===----------------------------------------------------------------------===//

#include "InsertChains.h"
#include "PopulatePatterns.h"
#include "Utils.h"

#include "npg/IR/NpgOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace ::npg::conversion;
namespace npgir = mlir::npg;

namespace {

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

/// `inputs` concatenated along `axis`: each inserted at its offset into one
/// new tensor. More than kMaxInsertChain inputs are concatenated in groups
/// first (copying each element once more per level).
Value concatenate(OpBuilder &b, Location loc, ValueRange inputs, int64_t axis) {
  if (inputs.size() > ::npg::kMaxInsertChain) {
    SmallVector<Value> groups;
    for (size_t i = 0; i < inputs.size(); i += ::npg::kMaxInsertChain)
      groups.push_back(concatenate(
          b, loc,
          inputs.slice(i, std::min(::npg::kMaxInsertChain, inputs.size() - i)),
          axis));
    return concatenate(b, loc, groups, axis);
  }
  auto first = cast<RankedTensorType>(inputs.front().getType());
  SmallVector<int64_t> shape(first.getShape());
  shape[axis] = 0;
  for (Value input : inputs)
    shape[axis] += cast<RankedTensorType>(input.getType()).getDimSize(axis);
  Value dest = emptyTensor(b, loc, shape, first.getElementType());
  int64_t offset = 0;
  for (Value input : inputs) {
    auto type = cast<RankedTensorType>(input.getType());
    SmallVector<OpFoldResult> offsets, sizes, strides;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      offsets.push_back(b.getIndexAttr(d == axis ? offset : 0));
      sizes.push_back(b.getIndexAttr(type.getDimSize(d)));
      strides.push_back(b.getIndexAttr(1));
    }
    dest = b.create<tensor::InsertSliceOp>(loc, input, dest, offsets, sizes,
                                           strides);
    offset += type.getDimSize(axis);
  }
  return dest;
}

struct ConcatPattern : OpConversionPattern<npgir::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, concatenate(rewriter, op.getLoc(),
                                       adaptor.getInputs(), op.getAxis()));
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
} // namespace

namespace npg::conversion {
void populateDataMovementPatterns(RewritePatternSet &patterns) {
  patterns
      .add<BroadcastPattern, TransposePattern, ReshapePattern, SlicePattern,
           InsertSlicePattern, ConcatPattern, GatherPattern, ScatterAddPattern>(
          patterns.getContext());
}
} // namespace npg::conversion
