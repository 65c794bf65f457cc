//===- FusionControl.cpp - When a producer fuses into its consumer --------===//

#include "FusionControl.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using linalg::GenericOp;

namespace {

/// Whether `consumer` reads each element of `operand` in one iteration
/// only: every loop it does not index by has extent 1.
bool readsEachElementOnce(GenericOp consumer, OpOperand *operand) {
  AffineMap map = consumer.getMatchingIndexingMap(operand);
  if (!map.isProjectedPermutation())
    return false;
  SmallVector<int64_t> ranges = consumer.getStaticLoopRanges();
  for (auto [loop, extent] : llvm::enumerate(ranges))
    if (!map.isFunctionOfDim(loop) && extent != 1)
      return false;
  return true;
}

bool computesMath(GenericOp op) {
  return op.getRegion()
      .walk([](Operation *inner) {
        return isa_and_nonnull<math::MathDialect>(inner->getDialect())
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
}

/// The largest producer body (ops, the yield included) copied into a
/// consumer that reads the producer's result through several operands.
constexpr unsigned kMaxCopiedBodyOps = 4;

/// Whether fusing `producer` into its one user, which reads one of its
/// results through several operands, is cheap: each operand gets a copy of the
/// body, and along a chain of such values (a recurrence: c = c*f(h) + g(h); h =
/// k(c)) the copies multiply, exponentially in the chain's length. Only a small
/// body of plain arithmetic is copied; anything larger is materialised once.
bool cheapToCopy(GenericOp producer) {
  // hasNItemsOrLess stops counting early: size() walks the whole body,
  // and this runs for every operand the greedy driver looks at.
  return llvm::hasNItemsOrLess(producer.getRegion().front(),
                               kMaxCopiedBodyOps) &&
         !computesMath(producer);
}

} // namespace

bool ::npg::onlyMovesElements(GenericOp op) {
  Block &body = op.getRegion().front();
  return op.getNumDpsInputs() == 1 && body.getOperations().size() == 1 &&
         body.getTerminator()->getOperand(0) == body.getArgument(0);
}

bool ::npg::worthFusing(OpOperand *operand) {
  auto producer = operand->get().getDefiningOp<GenericOp>();
  auto consumer = dyn_cast<GenericOp>(operand->getOwner());
  if (!producer || !consumer)
    return false;
  if (onlyMovesElements(producer))
    return true;
  bool onlyUser = llvm::all_of(producer->getUsers(), [&](Operation *user) {
    return user == consumer.getOperation();
  });
  if (!onlyUser)
    return false;
  if (!operand->get().hasOneUse() && !cheapToCopy(producer))
    return false;
  if (readsEachElementOnce(consumer, operand))
    return true;
  return consumer.getNumParallelLoops() == consumer.getNumLoops() &&
         !computesMath(producer);
}
