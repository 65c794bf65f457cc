//===- FoldSliceGradients.cpp - npg-fold-slice-gradients ------------------===//
//
// The gradient of a slice is the slice's gradient inserted into zeros, and a
// tensor sliced many times (an LSTM's weights, read at every step) gets its
// gradient as a sum of many such inserts: T steps reading 8 rows give 8T
// full-size tensors added up, and bufferization compares every insert into
// the shared zeros with every other (superlinear in T). Summed region by
// region instead, the rows' gradients are small elementwise sums that fuse,
// and only one insert per distinct region remains. See the pass description
// (Passes.td).
//
//===----------------------------------------------------------------------===//

#include "InsertChains.h"
#include "PassDetail.h"

#include "npg/IR/NpgOps.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <cstdint>
#include <tuple>

namespace npg {
#define GEN_PASS_DEF_FOLDSLICEGRADIENTSPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;
namespace npgir = mlir::npg;

namespace {

/// The positions an insert writes: (starts, limits, steps), uniqued
/// attributes, so equal regions compare equal as pointers.
using Region = std::tuple<Attribute, Attribute, Attribute>;

Region regionOf(npgir::InsertSliceOp insert) {
  return {insert.getStartsAttr(), insert.getLimitsAttr(),
          insert.getStepsAttr()};
}

/// Whether `value` is a splat zero constant (either sign, as the folders).
bool isZeros(Value value) {
  Attribute attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return false;
  auto splat = dyn_cast<SplatElementsAttr>(attr);
  if (!splat)
    return false;
  if (isa<FloatType>(splat.getElementType()))
    return splat.getSplatValue<APFloat>().isZero();
  return splat.getSplatValue<APInt>().isZero();
}

/// `source` inserted into zeros of the add tree's type: a leaf this pass
/// regroups.
npgir::InsertSliceOp insertIntoZeros(Value value, Type type) {
  auto insert = value.getDefiningOp<npgir::InsertSliceOp>();
  if (!insert || insert.getType() != type || !isZeros(insert.getDest()))
    return {};
  return insert;
}

/// An add that only feeds another add of its type belongs to that add's
/// tree; the others are roots.
bool isInner(npgir::AddOp add) {
  if (!add->hasOneUse())
    return false;
  auto user = dyn_cast<npgir::AddOp>(*add->user_begin());
  return user && user.getType() == add.getType();
}

/// The positions one dimension of a region visits, as [lo, hi] and step.
struct Range {
  int64_t lo, hi, step;
};

Range rangeOf(const Region &region, int64_t d, int64_t count) {
  const int64_t start = cast<DenseI64ArrayAttr>(std::get<0>(region))[d];
  const int64_t step = cast<DenseI64ArrayAttr>(std::get<2>(region))[d];
  const int64_t last = start + (count - 1) * step;
  return {std::min(start, last), std::max(start, last),
          count == 1 ? 1 : std::abs(step)};
}

/// The most positions compared per dimension by `disjoint`.
constexpr int64_t kMaxWalk = 4096;

/// Whether two regions of inserts with source type `source` share no
/// position: some dimension where their strided ranges do not meet.
bool disjoint(const Region &a, const Region &b, RankedTensorType source) {
  for (int64_t d = 0; d < source.getRank(); ++d) {
    const int64_t count = source.getDimSize(d);
    if (count == 0)
      return true;
    const Range ra = rangeOf(a, d, count), rb = rangeOf(b, d, count);
    if (ra.hi < rb.lo || rb.hi < ra.lo)
      return true;
    // The bounds overlap: walk the sparser range through the overlap, at
    // most kMaxWalk positions (beyond, the regions are taken to meet).
    const Range &walk = ra.step >= rb.step ? ra : rb;
    const Range &other = ra.step >= rb.step ? rb : ra;
    const int64_t lo = std::max(ra.lo, rb.lo), hi = std::min(ra.hi, rb.hi);
    int64_t p =
        walk.lo + (lo - walk.lo + walk.step - 1) / walk.step * walk.step;
    bool meet = false;
    for (int64_t n = 0; p <= hi && !meet; p += walk.step, ++n)
      meet = n >= kMaxWalk || (p - other.lo) % other.step == 0;
    if (!meet)
      return true;
  }
  return false;
}

/// One tree of adds whose leaves are inserts into zeros.
class SliceGradientSum {
public:
  explicit SliceGradientSum(npgir::AddOp root) : root(root) {}

  /// Rewrites the tree if every leaf is an insert into zeros, all of one
  /// source shape. Pairwise disjoint regions are inserted side by side;
  /// overlapping ones (a convolution's windows), at most kMaxInsertChain of
  /// them, are added one after another into an accumulator.
  bool rewrite() {
    if (!collect() || leaves.size() < 2)
      return false;
    auto source = cast<RankedTensorType>(leaves.front().getSource().getType());
    bool overlapping = false;
    for (size_t i = 0; i < regions.size() && !overlapping; ++i)
      for (size_t j = i + 1; j < regions.size() && !overlapping; ++j)
        overlapping = !disjoint(regions[i], regions[j], source);
    if (overlapping && regions.size() > ::npg::kMaxInsertChain)
      return false;

    SmallVector<Value> sums = project();
    OpBuilder b(root);
    Value result = overlapping ? accumulate(b, sums) : sideBySide(b, sums);
    root.replaceAllUsesWith(result);
    eraseTree();
    return true;
  }

private:
  npgir::InsertSliceOp insertAt(OpBuilder &b, size_t region, Value source,
                                Value dest) {
    npgir::InsertSliceOp first = firstInsert.lookup(regions[region]);
    return b.create<npgir::InsertSliceOp>(
        root.getLoc(), source, dest, first.getStartsAttr(),
        first.getLimitsAttr(), first.getStepsAttr());
  }

  /// Disjoint regions inserted one into another in groups of at most
  /// kMaxInsertChain, the groups added up. With two regions or more, every
  /// element of the original sum had a zero added (by the leaves outside its
  /// region), which makes -0 +0: so at least two groups then.
  Value sideBySide(OpBuilder &b, ArrayRef<Value> sums) {
    const size_t groupSize = std::min(::npg::kMaxInsertChain,
                                      std::max<size_t>(1, regions.size() / 2));
    const Value zeros = leaves.front().getDest();
    Value result;
    for (size_t group = 0; group < regions.size(); group += groupSize) {
      Value part = zeros;
      for (size_t i = group; i < std::min(group + groupSize, regions.size());
           ++i)
        part = insertAt(b, i, sums[i], part);
      result =
          result ? b.create<npgir::AddOp>(root.getLoc(), result, part) : part;
    }
    return result;
  }

  /// Overlapping regions: the first region's sum inserted into the zeros,
  /// each later one added to what the accumulator holds over its positions.
  /// An element in several regions is their sums added in order of first
  /// appearance (the tree may have grouped them otherwise: a rounding
  /// apart; and a -0 the tree's added zeros made +0 may stay -0).
  Value accumulate(OpBuilder &b, ArrayRef<Value> sums) {
    Value acc = insertAt(b, 0, sums[0], leaves.front().getDest());
    for (size_t i = 1; i < regions.size(); ++i) {
      npgir::InsertSliceOp first = firstInsert.lookup(regions[i]);
      Value held =
          b.create<npgir::SliceOp>(root.getLoc(), acc, first.getStartsAttr(),
                                   first.getLimitsAttr(), first.getStepsAttr());
      acc = insertAt(b, i, b.create<npgir::AddOp>(root.getLoc(), held, sums[i]),
                     acc);
    }
    return acc;
  }

  bool inTree(Value value) const {
    auto add = value.getDefiningOp<npgir::AddOp>();
    return add && (add == root || isInner(add));
  }

  /// The tree's adds in post-order (operands first) and its leaves in
  /// order; false when a leaf is not an insert into zeros of one shape.
  bool collect() {
    SmallVector<std::pair<npgir::AddOp, bool>> stack{{root, false}};
    while (!stack.empty()) {
      auto [add, expanded] = stack.pop_back_val();
      if (expanded) {
        adds.push_back(add);
        continue;
      }
      stack.push_back({add, true});
      for (Value operand : {add.getRhs(), add.getLhs()}) {
        if (inTree(operand)) {
          stack.push_back({operand.getDefiningOp<npgir::AddOp>(), false});
          continue;
        }
        npgir::InsertSliceOp insert = insertIntoZeros(operand, root.getType());
        if (!insert ||
            (!leaves.empty() && insert.getSource().getType() !=
                                    leaves.front().getSource().getType()))
          return false;
        leaves.push_back(insert);
      }
    }
    // Leaves were met right operand first; regions in order of first
    // appearance from the left.
    std::reverse(leaves.begin(), leaves.end());
    for (npgir::InsertSliceOp insert : leaves)
      if (firstInsert.try_emplace(regionOf(insert), insert).second)
        regions.push_back(regionOf(insert));
    return true;
  }

  /// For each region, the tree with every leaf outside it dropped (it adds
  /// zeros there) and the others replaced by their sources: the same sum,
  /// in the same order and grouping, of the elements the region holds.
  SmallVector<Value> project() {
    llvm::DenseMap<Region, unsigned> index;
    for (auto [i, region] : llvm::enumerate(regions))
      index[region] = i;
    // Per tree value, its per-region partial sums, sorted by region.
    using Partials = SmallVector<std::pair<unsigned, Value>, 2>;
    llvm::DenseMap<Value, Partials> partials;
    auto partialsOf = [&](Value value) -> Partials {
      if (auto insert = value.getDefiningOp<npgir::InsertSliceOp>())
        return {{index.lookup(regionOf(insert)), insert.getSource()}};
      return partials.lookup(value);
    };
    OpBuilder b(root);
    for (npgir::AddOp add : adds) {
      Partials lhs = partialsOf(add.getLhs()), rhs = partialsOf(add.getRhs());
      Partials sum;
      size_t i = 0, j = 0;
      while (i < lhs.size() || j < rhs.size()) {
        if (j == rhs.size() || (i < lhs.size() && lhs[i].first < rhs[j].first))
          sum.push_back(lhs[i++]);
        else if (i == lhs.size() || rhs[j].first < lhs[i].first)
          sum.push_back(rhs[j++]);
        else {
          Value both = b.create<npgir::AddOp>(add.getLoc(), lhs[i].second,
                                              rhs[j].second);
          sum.push_back({lhs[i].first, both});
          ++i, ++j;
        }
      }
      partials[add.getResult()] = std::move(sum);
    }
    SmallVector<Value> sums;
    for (auto &[region, sum] : partials[root.getResult()])
      sums.push_back(sum);
    return sums;
  }

  /// The replaced adds, then the inserts only they used.
  void eraseTree() {
    for (npgir::AddOp add : llvm::reverse(adds))
      add->erase();
    // A leaf may appear twice (add(i, i)): each insert once.
    llvm::SmallPtrSet<Operation *, 16> inserts;
    for (npgir::InsertSliceOp insert : leaves)
      inserts.insert(insert);
    for (Operation *insert : inserts)
      if (insert->use_empty())
        insert->erase();
  }

  npgir::AddOp root;
  SmallVector<npgir::AddOp> adds;           // post-order
  SmallVector<npgir::InsertSliceOp> leaves; // left to right
  SmallVector<Region> regions;              // in order of first appearance
  llvm::DenseMap<Region, npgir::InsertSliceOp> firstInsert;
};

struct FoldSliceGradientsPass
    : ::npg::impl::FoldSliceGradientsPassBase<FoldSliceGradientsPass> {
  void runOnOperation() override {
    SmallVector<npgir::AddOp> roots;
    getOperation()->walk([&](npgir::AddOp add) {
      if (!isInner(add))
        roots.push_back(add);
    });
    for (npgir::AddOp root : roots)
      SliceGradientSum(root).rewrite();
  }
};

} // namespace
