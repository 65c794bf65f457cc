//===- Autodiff.cpp - npg-autodiff pass -----------------------------------===//
//
// Reverse-mode differentiation of npg functions (see npg/Passes/Autodiff.h
// for the contract). The derivative of each op comes from its
// DifferentiableOpInterface (ir/lib/NpgDerivatives.cpp); this file does the
// bookkeeping: which values are active, the order of the reverse sweep,
// accumulation of adjoints, and which forward values become residuals.
//
//===----------------------------------------------------------------------===//

#include "npg/Passes/Autodiff.h"
#include "npg/Passes/Passes.h"

#include "npg/IR/NpgDialect.h"
#include "npg/IR/NpgOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace npg {
#define GEN_PASS_DECL_AUTODIFF
#define GEN_PASS_DEF_AUTODIFF
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;
namespace npgir = mlir::npg;

namespace npg {

std::string forwardName(llvm::StringRef funcName) {
  return (funcName + "_fwd").str();
}
std::string backwardName(llvm::StringRef funcName) {
  return (funcName + "_bwd").str();
}
std::string valueAndGradName(llvm::StringRef funcName) {
  return (funcName + "_value_and_grad").str();
}

bool hasScalarResult(func::FuncOp func) {
  if (func.getNumResults() != 1)
    return false;
  auto type = dyn_cast<RankedTensorType>(func.getResultTypes()[0]);
  return type && type.hasStaticShape() && type.getNumElements() == 1 &&
         isa<FloatType>(type.getElementType());
}

namespace {

/// Whether argument `i` of `func` needs a gradient: `npg.requires_grad` as
/// a unit attribute (or `true`).
bool requiresGrad(func::FuncOp func, unsigned i) {
  Attribute attr = func.getArgAttr(i, kRequiresGradAttrName);
  if (auto flag = dyn_cast_or_null<BoolAttr>(attr))
    return flag.getValue();
  return bool(attr);
}

bool anyRequiresGrad(func::FuncOp func) {
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    if (requiresGrad(func, i))
      return true;
  return false;
}

/// Float values carry gradients; integer and i1 values never do.
bool isDifferentiableType(Type type) {
  return isa<FloatType>(getElementTypeOrSelf(type));
}

/// A constant of `type` with every element `value` (0 or 1).
Value splatOf(OpBuilder &b, Location loc, Type type, int value) {
  auto tensor = cast<RankedTensorType>(type);
  Type element = tensor.getElementType();
  Attribute splat = isa<FloatType>(element)
                        ? Attribute(b.getFloatAttr(element, value))
                        : Attribute(b.getIntegerAttr(element, value));
  return b.create<npgir::ConstantOp>(loc,
                                     DenseElementsAttr::get(tensor, splat));
}

/// A constant of `type` with every element zero.
Value zerosOf(OpBuilder &b, Location loc, Type type) {
  return splatOf(b, loc, type, 0);
}

/// Constants are rebuilt where needed instead of being passed as residuals.
bool isRematerializable(Operation *op) {
  return op && op->getNumOperands() == 0 && op->getNumResults() == 1 &&
         op->hasTrait<OpTrait::ConstantLike>();
}

/// Canonicalization patterns of every loaded dialect and registered op, as
/// the canonicalize pass collects them.
FrozenRewritePatternSet canonicalizationPatterns(MLIRContext *ctx) {
  RewritePatternSet patterns(ctx);
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : ctx->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, ctx);
  return FrozenRewritePatternSet(std::move(patterns));
}

/// canonicalize + CSE on one function.
void simplify(func::FuncOp func, const FrozenRewritePatternSet &patterns) {
  GreedyRewriteConfig config;
  // The entry block's arguments are the signature: keep them.
  config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
  (void)applyPatternsAndFoldGreedily(func, patterns, config);
  IRRewriter rewriter(func.getContext());
  DominanceInfo dominance(func);
  eliminateCommonSubExpressions(rewriter, dominance, func);
}

/// Builds @f_bwd for one function by a reverse sweep over its body.
class BackwardBuilder {
public:
  BackwardBuilder(func::FuncOp func, bool recomputeElementwise)
      : func(func), recomputeElementwise(recomputeElementwise) {}

  /// Creates @f_bwd after `insertAfter`; on failure nothing is left behind.
  FailureOr<func::FuncOp> build(Operation *insertAfter, StringRef name);

  /// The forward values the backward reads, in residual order.
  ArrayRef<Value> getResiduals() const { return residuals; }

private:
  void markActive();
  void accumulate(Value primal, Value adjoint);
  Value primalInBackward(Value primal);
  bool recomputable(Value primal);

  func::FuncOp func;
  bool recomputeElementwise;
  DenseSet<Value> active;
  DenseMap<Value, Value> adjoints;
  /// Forward values already available in the backward (residual arguments
  /// and rematerialized constants).
  DenseMap<Value, Value> primals;
  SmallVector<Value> residuals;
  DenseMap<Value, bool> recomputableCache;
  Block *body = nullptr;
  OpBuilder *builder = nullptr;
};

/// Forward activity: float values that depend on a marked argument.
void BackwardBuilder::markActive() {
  for (BlockArgument arg : func.getArguments())
    if (requiresGrad(func, arg.getArgNumber()) &&
        isDifferentiableType(arg.getType()))
      active.insert(arg);
  func.getBody().walk([&](Operation *op) {
    if (llvm::none_of(op->getOperands(),
                      [&](Value v) { return active.contains(v); }))
      return;
    for (Value result : op->getResults())
      if (isDifferentiableType(result.getType()))
        active.insert(result);
  });
}

void BackwardBuilder::accumulate(Value primal, Value adjoint) {
  auto [it, inserted] = adjoints.try_emplace(primal, adjoint);
  if (!inserted)
    it->second =
        builder->create<npgir::AddOp>(adjoint.getLoc(), it->second, adjoint);
}

/// Whether `primal` follows from the function's arguments and constants by
/// elementwise work and broadcasts alone. The backward then recomputes it,
/// fused into its own loops, rather than the forward writing it out for the
/// backward to read back: memory traffic, not arithmetic, bounds such code.
bool BackwardBuilder::recomputable(Value primal) {
  if (isa<BlockArgument>(primal))
    return true;
  Operation *def = primal.getDefiningOp();
  if (isRematerializable(def))
    return true;
  if (!def->hasTrait<OpTrait::Elementwise>() && !isa<npgir::BroadcastToOp>(def))
    return false;
  if (auto known = recomputableCache.find(primal);
      known != recomputableCache.end())
    return known->second;
  const bool result = llvm::all_of(
      def->getOperands(), [&](Value operand) { return recomputable(operand); });
  recomputableCache[primal] = result;
  return result;
}

/// Maps a forward value into the backward: a constant is cloned, a value
/// recomputable from the arguments is recomputed, anything else becomes a
/// residual (a new leading argument of the backward).
Value BackwardBuilder::primalInBackward(Value primal) {
  if (Value known = primals.lookup(primal))
    return known;
  Value mapped;
  if (Operation *def = primal.getDefiningOp(); isRematerializable(def)) {
    mapped = builder->clone(*def)->getResult(0);
  } else if (auto broadcast = dyn_cast_or_null<npgir::BroadcastToOp>(def)) {
    // Redo a broadcast rather than save it: the residual is then the small
    // operand, not a buffer of the broadcast shape (w, not w over x's shape).
    IRMapping operand;
    operand.map(broadcast.getInput(), primalInBackward(broadcast.getInput()));
    mapped = builder->clone(*def, operand)->getResult(0);
  } else if (recomputeElementwise && def &&
             def->hasTrait<OpTrait::Elementwise>() && recomputable(primal)) {
    IRMapping operands;
    for (Value operand : def->getOperands())
      operands.map(operand, primalInBackward(operand));
    mapped = builder->clone(*def, operands)->getResult(0);
  } else {
    mapped = body->insertArgument(residuals.size(), primal.getType(),
                                  primal.getLoc());
    residuals.push_back(primal);
  }
  primals[primal] = mapped;
  return mapped;
}

FailureOr<func::FuncOp> BackwardBuilder::build(Operation *insertAfter,
                                               StringRef name) {
  Location loc = func.getLoc();
  if (!func.getBody().hasOneBlock())
    return func.emitOpError("npg-autodiff needs a function with one block");
  markActive();

  OpBuilder moduleBuilder(insertAfter->getContext());
  moduleBuilder.setInsertionPointAfter(insertAfter);
  auto bwd = moduleBuilder.create<func::FuncOp>(
      loc, name, moduleBuilder.getFunctionType({}, {}));
  body = bwd.addEntryBlock();
  OpBuilder b = OpBuilder::atBlockEnd(body);
  builder = &b;
  auto fail = [&]() -> FailureOr<func::FuncOp> {
    bwd.erase();
    return failure();
  };

  // One incoming gradient per result, used only by active results.
  Block &forward = func.getBody().front();
  auto ret = cast<func::ReturnOp>(forward.getTerminator());
  for (Value result : ret.getOperands()) {
    Value grad = body->addArgument(result.getType(), ret.getLoc());
    if (active.contains(result))
      accumulate(result, grad);
  }

  // The reverse sweep.
  for (Operation &op : llvm::reverse(forward.without_terminator())) {
    if (llvm::none_of(op.getResults(),
                      [&](Value v) { return adjoints.count(v); }))
      continue;
    auto rule = dyn_cast<npgir::DifferentiableOpInterface>(&op);
    if (!rule || op.getNumResults() != 1) {
      op.emitOpError() << "has no derivative rule; cannot differentiate @"
                       << func.getSymName();
      return fail();
    }
    b.setInsertionPointToEnd(body);
    SmallVector<Value> operandAdjoints =
        rule.buildAdjoints(b, adjoints.lookup(op.getResult(0)),
                           [&](Value v) { return primalInBackward(v); });
    if (operandAdjoints.size() != op.getNumOperands()) {
      op.emitOpError() << "derivative rule returned " << operandAdjoints.size()
                       << " adjoints for " << op.getNumOperands()
                       << " operands";
      return fail();
    }
    for (auto [operand, adjoint] :
         llvm::zip_equal(op.getOperands(), operandAdjoints)) {
      if (!adjoint || !active.contains(operand))
        continue;
      if (adjoint.getType() != operand.getType()) {
        op.emitOpError() << "derivative rule built an adjoint of type "
                         << adjoint.getType() << " for an operand of type "
                         << operand.getType();
        return fail();
      }
      accumulate(operand, adjoint);
    }
  }

  // One gradient per marked argument; zeros if no result depends on it.
  b.setInsertionPointToEnd(body);
  SmallVector<Value> grads;
  for (BlockArgument arg : func.getArguments()) {
    if (!requiresGrad(func, arg.getArgNumber()))
      continue;
    Value grad = adjoints.lookup(arg);
    grads.push_back(grad ? grad : zerosOf(b, loc, arg.getType()));
  }
  b.create<func::ReturnOp>(ret.getLoc(), grads);
  bwd.setFunctionType(b.getFunctionType(body->getArgumentTypes(),
                                        ValueRange(grads).getTypes()));
  return bwd;
}

/// Drops residuals the simplified backward can do without: constants (now
/// rebuilt in the backward), duplicates, and unused ones.
void pruneResiduals(GradientFunctions &fns, unsigned numResults,
                    const FrozenRewritePatternSet &patterns) {
  func::FuncOp fwd = fns.forward, bwd = fns.backward;
  auto ret = cast<func::ReturnOp>(fwd.getBody().front().getTerminator());
  Block &body = bwd.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&body);
  DenseMap<Value, BlockArgument> firstUse;
  for (unsigned i = 0; i < fns.numResiduals; ++i) {
    Value value = ret.getOperand(numResults + i);
    BlockArgument arg = body.getArgument(i);
    if (Operation *def = value.getDefiningOp(); isRematerializable(def))
      arg.replaceAllUsesWith(b.clone(*def)->getResult(0));
    else if (auto [it, inserted] = firstUse.try_emplace(value, arg); !inserted)
      arg.replaceAllUsesWith(it->second);
  }
  simplify(bwd, patterns);

  llvm::BitVector unusedArgs(bwd.getNumArguments());
  llvm::BitVector unusedResults(fwd.getNumResults());
  unsigned kept = 0;
  for (unsigned i = 0; i < fns.numResiduals; ++i) {
    if (body.getArgument(i).use_empty()) {
      unusedArgs.set(i);
      unusedResults.set(numResults + i);
    } else {
      ++kept;
    }
  }
  bwd.eraseArguments(unusedArgs);
  ret->eraseOperands(unusedResults);
  fwd.eraseResults(unusedResults);
  fns.numResiduals = kept;
  simplify(fwd, patterns);
}

/// @f_value_and_grad: @f_fwd followed by @f_bwd seeded with 1, as one
/// function. Simplifying it merges what the backward recomputes with the
/// forward's own values, so value and gradient come out of one sweep.
func::FuncOp buildValueAndGrad(GradientFunctions fns,
                               const FrozenRewritePatternSet &patterns,
                               StringRef name) {
  auto vg = cast<func::FuncOp>(fns.forward->clone());
  OpBuilder moduleBuilder(vg->getContext());
  moduleBuilder.setInsertionPointAfter(fns.backward);
  moduleBuilder.insert(vg);
  vg.setSymName(name);

  Block &body = vg.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  Block &bwdBody = fns.backward.getBody().front();
  // The forward returns its one result, then the residuals.
  IRMapping mapping;
  for (unsigned i = 0; i < fns.numResiduals; ++i)
    mapping.map(bwdBody.getArgument(i), ret.getOperand(1 + i));
  OpBuilder b(ret);
  Value value = ret.getOperand(0);
  mapping.map(bwdBody.getArgument(fns.numResiduals),
              splatOf(b, ret.getLoc(), value.getType(), 1));
  for (Operation &op : bwdBody.without_terminator())
    b.clone(op, mapping);
  SmallVector<Value> results{value};
  for (Value grad : bwdBody.getTerminator()->getOperands())
    results.push_back(mapping.lookup(grad));
  b.create<func::ReturnOp>(ret.getLoc(), results);
  ret.erase();
  vg.setFunctionType(
      b.getFunctionType(vg.getArgumentTypes(), ValueRange(results).getTypes()));
  simplify(vg, patterns);
  return vg;
}

FailureOr<GradientFunctions>
differentiateImpl(func::FuncOp func, const FrozenRewritePatternSet &patterns,
                  bool recomputeElementwise, bool valueAndGrad) {
  auto module = func->getParentOfType<ModuleOp>();
  if (!module)
    return func.emitOpError("npg-autodiff needs the function in a module");
  std::string fwdName = forwardName(func.getSymName());
  std::string bwdName = backwardName(func.getSymName());
  std::string vgName = valueAndGradName(func.getSymName());
  auto existingFwd = SymbolTable::lookupSymbolIn(module, fwdName);
  auto existingBwd = SymbolTable::lookupSymbolIn(module, bwdName);
  if (existingFwd && existingBwd) {
    auto fwd = dyn_cast<func::FuncOp>(existingFwd);
    auto bwd = dyn_cast<func::FuncOp>(existingBwd);
    if (fwd && bwd && fwd.getNumResults() >= func.getNumResults())
      return GradientFunctions{
          fwd, bwd, fwd.getNumResults() - func.getNumResults(),
          dyn_cast_or_null<func::FuncOp>(
              SymbolTable::lookupSymbolIn(module, vgName))};
  }
  valueAndGrad &= hasScalarResult(func);
  if (existingFwd || existingBwd ||
      (valueAndGrad && SymbolTable::lookupSymbolIn(module, vgName)))
    return func.emitOpError("cannot differentiate: symbol @")
           << (existingFwd   ? fwdName
               : existingBwd ? bwdName
                             : vgName)
           << " already exists";
  if (func.isExternal())
    return func.emitOpError("cannot differentiate a function without a body");
  if (!anyRequiresGrad(func))
    return func.emitOpError("has no argument with ")
           << kRequiresGradAttrName << " to differentiate with respect to";

  BackwardBuilder backward(func, recomputeElementwise);
  FailureOr<func::FuncOp> bwd = backward.build(func, bwdName);
  if (failed(bwd))
    return failure();

  // @f_fwd: @f returning the residuals too.
  IRMapping mapping;
  auto fwd = cast<func::FuncOp>(func->clone(mapping));
  // Keep the order @f, @f_fwd, @f_bwd.
  OpBuilder moduleBuilder(func->getContext());
  moduleBuilder.setInsertionPointAfter(func);
  moduleBuilder.insert(fwd);
  fwd.setSymName(fwdName);
  for (unsigned i = 0, e = fwd.getNumArguments(); i < e; ++i)
    fwd.removeArgAttr(i, kRequiresGradAttrName);
  auto ret = cast<func::ReturnOp>(fwd.getBody().front().getTerminator());
  unsigned numResults = func.getNumResults();
  for (auto [i, residual] : llvm::enumerate(backward.getResiduals())) {
    fwd.insertResult(numResults + i, residual.getType(), DictionaryAttr());
    ret.getOperandsMutable().append(mapping.lookup(residual));
  }

  GradientFunctions fns{
      fwd, *bwd, static_cast<unsigned>(backward.getResiduals().size()), {}};
  simplify(fwd, patterns);
  pruneResiduals(fns, numResults, patterns);
  if (valueAndGrad)
    fns.valueAndGrad = buildValueAndGrad(fns, patterns, vgName);
  return fns;
}

struct AutodiffPass : public ::npg::impl::AutodiffBase<AutodiffPass> {
  using AutodiffBase::AutodiffBase;

  LogicalResult initialize(MLIRContext *ctx) override {
    patterns = canonicalizationPatterns(ctx);
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Differentiated before (e.g. running the pass again for second
    // derivatives): differentiateImpl leaves those alone.
    SmallVector<func::FuncOp> todo;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal() && anyRequiresGrad(func))
        todo.push_back(func);
    bool ok = true;
    for (func::FuncOp func : todo)
      ok &= succeeded(differentiateImpl(func, patterns, recomputeElementwise,
                                        valueAndGrad));
    if (!ok)
      signalPassFailure();
  }

  FrozenRewritePatternSet patterns;
};

} // namespace

FailureOr<GradientFunctions> differentiate(func::FuncOp func) {
  FailureOr<GradientFunctions> fns =
      differentiateImpl(func, canonicalizationPatterns(func.getContext()),
                        /*recomputeElementwise=*/true, /*valueAndGrad=*/false);
  if (failed(fns))
    return failure();
  // A broken rule should surface here, not in the JIT.
  if (failed(verify(fns->forward)) || failed(verify(fns->backward)))
    return failure();
  return fns;
}

FailureOr<GradientFunctions> differentiate(ModuleOp module,
                                           StringRef funcName) {
  auto func = module.lookupSymbol<func::FuncOp>(funcName);
  if (!func)
    return module.emitError("npg-autodiff: no function @") << funcName;
  return differentiate(func);
}

std::unique_ptr<Pass> createAutodiffPass(const AutodiffPassOptions &options) {
  return createAutodiff(
      AutodiffOptions{options.recomputeElementwise, options.valueAndGrad});
}

} // namespace npg
