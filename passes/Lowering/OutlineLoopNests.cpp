//===- OutlineLoopNests.cpp - npg-outline-loop-nests ----------------------===//
//
// A long function's loop nests as functions of their own, so that LLVM's
// super-linear per-function passes (IndVarSimplify, the DAG's store merging)
// see many small functions instead of one of thousands of loops.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"

namespace npg {
#define GEN_PASS_DEF_OUTLINELOOPNESTSPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {

/// Whether the definition of `v` moves into (or is cloned into) the
/// outlined function of `nest` instead of becoming an argument: a constant,
/// or a static alloca that only the nest uses.
bool movesIn(Value v, scf::ForOp nest) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return false;
  if (def->hasTrait<OpTrait::ConstantLike>())
    return true;
  auto alloca = dyn_cast<memref::AllocaOp>(def);
  return alloca && alloca->getNumOperands() == 0 &&
         llvm::all_of(alloca->getUsers(),
                      [&](Operation *user) { return nest->isAncestor(user); });
}

/// The buffer `v` is a view of: an allocation, a global, or an argument of
/// an entry point (public: the runtime passes it buffers that do not
/// overlap where they are written). Null when it is none of these.
Value rootBuffer(Value v) {
  while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
    v = view.getViewSource();
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
    return func && func.isPublic() && arg.getOwner()->isEntryBlock() ? v
                                                                     : Value();
  }
  Operation *def = v.getDefiningOp();
  return def && isa<memref::AllocOp, memref::AllocaOp, memref::GetGlobalOp>(def)
             ? v
             : Value();
}

/// Whether no two memref `arguments` can overlap: each is a view of a
/// buffer of its own (as rootBuffer finds them).
bool disjointBuffers(ArrayRef<Value> arguments) {
  llvm::SmallPtrSet<void *, 8> roots;
  for (Value v : arguments) {
    if (!isa<MemRefType>(v.getType()))
      continue;
    Value root = rootBuffer(v);
    if (!root || !roots.insert(root.getAsOpaquePointer()).second)
      return false;
  }
  return true;
}

/// Replaces `nest` with a call to a new private function `name` holding it,
/// placed after `previous` (which then is the new function).
void outline(scf::ForOp nest, StringRef name, SymbolTable &symbols,
             Operation *&previous) {
  SetVector<Value> used;
  for (Value operand : nest->getOperands())
    used.insert(operand);
  getUsedValuesDefinedAbove(nest->getRegions(), used);

  SmallVector<Value> arguments;
  SmallVector<Operation *> moved;
  for (Value v : used) {
    if (!movesIn(v, nest))
      arguments.push_back(v);
    else if (!v.getDefiningOp()->hasTrait<OpTrait::ConstantLike>())
      moved.push_back(v.getDefiningOp());
  }

  Location loc = nest.getLoc();
  OpBuilder b(previous->getContext());
  b.setInsertionPointAfter(previous);
  auto func = b.create<func::FuncOp>(
      loc, name,
      b.getFunctionType(ValueRange(arguments).getTypes(), TypeRange()));
  func.setPrivate();
  func->setAttr("no_inline", b.getUnitAttr());
  // Its buffers are then as unaliased as the entry point's, which
  // npg-noalias-arguments tells LLVM (without it, every vectorised loop
  // would get run-time overlap checks and a scalar copy).
  if (disjointBuffers(arguments))
    func->setAttr(::npg::kNoaliasArgumentsAttrName, b.getUnitAttr());
  symbols.insert(func); // renamed if the name is taken
  previous = func;

  Block *entry = func.addEntryBlock();
  IRMapping map;
  map.map(arguments, entry->getArguments());
  b.setInsertionPointToStart(entry);
  for (Value v : used)
    if (!map.contains(v))
      map.map(v, b.clone(*v.getDefiningOp())->getResult(0));
  b.clone(*nest, map);
  b.create<func::ReturnOp>(loc);

  b.setInsertionPoint(nest);
  b.create<func::CallOp>(loc, func, arguments);
  nest.erase();
  for (Operation *op : moved)
    op->erase();
}

struct OutlineLoopNestsPass
    : ::npg::impl::OutlineLoopNestsPassBase<OutlineLoopNestsPass> {
  using OutlineLoopNestsPassBase::OutlineLoopNestsPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp f : functions) {
      SmallVector<scf::ForOp> nests;
      for (Block &block : f.getFunctionBody())
        for (auto nest : block.getOps<scf::ForOp>())
          if (nest->getNumResults() == 0)
            nests.push_back(nest);
      if (nests.size() < minLoopNests)
        continue;
      Operation *previous = f;
      for (auto [i, nest] : llvm::enumerate(nests))
        outline(nest, (f.getName() + "_nest" + Twine(i)).str(), symbols,
                previous);
    }
  }
};

} // namespace
