//===- FuseSiblings.cpp - npg-fuse-siblings -------------------------------===//
//
// MLIR's elementwise fusion pulls producers into consumers, but leaves alone
// two generics that both read one tensor: a loss and its gradient computed
// together (npg-autodiff's value-and-grad) are a reduction and a map over
// the same input, and would make two passes over memory and compute every
// shared subexpression twice. This pass merges such siblings into one
// generic; the producers they shared then have one user and fuse into it,
// and CSE of the merged body computes what the two had in common once.
//
//===----------------------------------------------------------------------===//

#include "FusionControl.h"
#include "PassDetail.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/SetVector.h"

#include <algorithm>

namespace npg {
#define GEN_PASS_DEF_FUSESIBLINGSPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;
using linalg::GenericOp;

namespace {

/// A generic on tensors over static loop ranges.
bool isCandidate(GenericOp op) {
  return op.hasPureTensorSemantics() && op.getNumLoops() > 0 &&
         !ShapedType::isDynamicShape(op.getStaticLoopRanges());
}

bool isAllParallel(GenericOp op) {
  return op.getNumParallelLoops() == op.getNumLoops();
}

/// Whether a result of `op` is an input of another generic: an all-parallel
/// `op` could still fuse into it, which merging it into a reduction would
/// prevent.
bool feedsGeneric(GenericOp op) {
  for (Value result : op->getResults())
    for (OpOperand &use : result.getUses())
      if (auto user = dyn_cast<GenericOp>(use.getOwner());
          user && user.isDpsInput(&use))
        return true;
  return false;
}

/// The most ops moved above `first` for one merge. The walk that finds them
/// runs per merge attempt; unbounded, it would walk the block between the
/// siblings each time, cubic in the function's length over the pass.
constexpr unsigned kMaxHoisted = 32;

/// The ops after `first` in its block that `second` needs (transitively),
/// in block order: they move above `first` so that the merged op can take
/// `first`'s place. Fails when `second` needs `first` itself, an op with
/// side effects, or more than kMaxHoisted ops.
FailureOr<SmallVector<Operation *>> producersAfter(Operation *first,
                                                   Operation *second) {
  llvm::SetVector<Operation *> slice;
  SmallVector<Operation *> worklist{second};
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    llvm::SetVector<Value> used(op->operand_begin(), op->operand_end());
    getUsedValuesDefinedAbove(op->getRegions(), used);
    for (Value value : used) {
      Operation *def = value.getDefiningOp();
      if (!def || def->getBlock() != first->getBlock() ||
          def->isBeforeInBlock(first))
        continue;
      if (def == first || !isMemoryEffectFree(def))
        return failure();
      if (slice.insert(def)) {
        if (slice.size() > kMaxHoisted)
          return failure();
        worklist.push_back(def);
      }
    }
  }
  SmallVector<Operation *> ordered = slice.takeVector();
  llvm::sort(ordered,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return ordered;
}

/// `first` and `second` as one generic in `first`'s place: inputs read the
/// same way once, both sets of outputs, a dimension reduction if it is in
/// either. Lowered to loops, one nest computes both bodies.
void merge(PatternRewriter &rewriter, GenericOp first, GenericOp second) {
  SmallVector<Value> inputs, outputs;
  SmallVector<AffineMap> maps;
  IRMapping argOf; // block argument of either op -> index in the merged op
  DenseMap<std::pair<Value, AffineMap>, unsigned> inputIndex;
  SmallVector<std::pair<BlockArgument, unsigned>> argIndex;
  for (GenericOp op : {first, second})
    for (OpOperand *in : op.getDpsInputOperands()) {
      AffineMap map = op.getMatchingIndexingMap(in);
      auto [it, inserted] =
          inputIndex.try_emplace({in->get(), map}, inputs.size());
      if (inserted) {
        inputs.push_back(in->get());
        maps.push_back(map);
      }
      argIndex.push_back({op.getMatchingBlockArgument(in), it->second});
    }
  // A destination both write (one tensor.empty) stays one operand per
  // result: bufferization gives the second its own buffer.
  for (GenericOp op : {first, second})
    for (OpOperand &init : op.getDpsInitsMutable()) {
      argIndex.push_back({op.getMatchingBlockArgument(&init),
                          unsigned(inputs.size() + outputs.size())});
      outputs.push_back(init.get());
      maps.push_back(op.getMatchingIndexingMap(&init));
    }
  SmallVector<utils::IteratorType> iterators = first.getIteratorTypesArray();
  for (auto [merged, other] :
       llvm::zip_equal(iterators, second.getIteratorTypesArray()))
    if (other == utils::IteratorType::reduction)
      merged = utils::IteratorType::reduction;

  SmallVector<Type> resultTypes(first->getResultTypes());
  llvm::append_range(resultTypes, second->getResultTypes());
  auto fused = rewriter.create<GenericOp>(
      first.getLoc(), resultTypes, inputs, outputs, maps, iterators,
      [&](OpBuilder &b, Location loc, ValueRange args) {
        IRMapping mapping;
        for (auto [arg, index] : argIndex)
          mapping.map(arg, args[index]);
        SmallVector<Value> yields;
        for (GenericOp op : {first, second}) {
          Block &body = op.getRegion().front();
          for (Operation &inner : body.without_terminator())
            b.clone(inner, mapping);
          for (Value v : body.getTerminator()->getOperands())
            yields.push_back(mapping.lookupOrDefault(v));
        }
        b.create<linalg::YieldOp>(loc, yields);
      });
  unsigned firstResults = first->getNumResults(); // first is gone after
  rewriter.replaceOp(first, fused->getResults().take_front(firstResults));
  rewriter.replaceOp(second, fused->getResults().drop_front(firstResults));
}

/// Merges a generic with a later sibling: a generic in the same block that
/// reads one of its inputs through the same permutation map (so over the
/// same loop ranges, each element of it once) and does not depend on it.
struct MergeSiblingGenerics : OpRewritePattern<GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GenericOp first,
                                PatternRewriter &rewriter) const override {
    if (!isCandidate(first))
      return failure();
    for (GenericOp second : nearestSiblings(first)) {
      if (blocksFusion(first, second))
        continue;
      FailureOr<SmallVector<Operation *>> hoist = producersAfter(first, second);
      if (failed(hoist))
        continue;
      for (Operation *op : *hoist)
        rewriter.moveOpBefore(op, first);
      rewriter.setInsertionPoint(first);
      merge(rewriter, first, second);
      return success();
    }
    return failure();
  }

  /// The most siblings tried for one generic. A tensor that every step of
  /// a recurrence reads (a weight) has a reader per step: trying them all
  /// from each would be quadratic in the steps, and the nearest are the
  /// ones that merge (farther ones depend on `first` or need more than
  /// kMaxHoisted ops moved).
  static constexpr size_t kMaxTried = 8;

  /// The generics after `first` in its block that read one of its inputs
  /// through the same permutation map (which, with the input's shape, fixes
  /// every loop range: they have `first`'s loops), nearest first, at most
  /// kMaxTried.
  static SmallVector<GenericOp> nearestSiblings(GenericOp first) {
    SmallVector<GenericOp> siblings;
    for (OpOperand *input : first.getDpsInputOperands()) {
      AffineMap map = first.getMatchingIndexingMap(input);
      if (!map.isPermutation())
        continue;
      for (Operation *user : input->get().getUsers()) {
        auto second = dyn_cast<GenericOp>(user);
        if (second && second != first &&
            second->getBlock() == first->getBlock() &&
            second.getNumLoops() == first.getNumLoops() &&
            readsLike(second, input->get(), map) &&
            first->isBeforeInBlock(second) && second.hasPureTensorSemantics())
          siblings.push_back(second);
      }
    }
    llvm::sort(siblings,
               [](GenericOp a, GenericOp b) { return a->isBeforeInBlock(b); });
    // A generic sharing several inputs with `first` is one sibling.
    siblings.erase(std::unique(siblings.begin(), siblings.end()),
                   siblings.end());
    if (siblings.size() > kMaxTried)
      siblings.resize(kMaxTried);
    return siblings;
  }

  static bool readsLike(GenericOp op, Value value, AffineMap map) {
    for (OpOperand *in : op.getDpsInputOperands())
      if (in->get() == value && op.getMatchingIndexingMap(in) == map)
        return true;
    return false;
  }

  /// Merging an all-parallel generic with a reduction makes a reduction,
  /// which cannot fuse into a consumer any more.
  static bool blocksFusion(GenericOp a, GenericOp b) {
    if (isAllParallel(a) == isAllParallel(b))
      return false;
    return feedsGeneric(isAllParallel(a) ? a : b);
  }
};

struct FuseSiblingsPass : ::npg::impl::FuseSiblingsPassBase<FuseSiblingsPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<MergeSiblingGenerics>(ctx);
    linalg::populateElementwiseOpsFusionPatterns(patterns, ::npg::worthFusing);
    GenericOp::getCanonicalizationPatterns(patterns, ctx);
    // As npg-fuse-elementwise: not converging within the iteration limit
    // leaves valid, less fused IR, which is no reason to fail the compile.
    (void)applyPatternsAndFoldGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
