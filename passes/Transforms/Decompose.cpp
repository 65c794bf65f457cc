//===- Decompose.cpp - npg-decompose --------------------------------------===//
//
// Replaces every composite npg op (one whose rule is marked composite,
// rules/include/npg/rules) with the expansion its rule gives, built on
// IrAlgebra: the same definition the eager library's docs and the rule's
// derivative are written against.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "npg/IR/IrAlgebra.h"
#include "npg/rules/Rules.h"

namespace npg {
#define GEN_PASS_DEF_DECOMPOSEPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;
using namespace mlir::npg;

namespace {

/// Expands `op` if it is the composite op K; true if it was.
template <::npg::ops::OpKind K, typename Op> bool expand(Operation *op) {
  if constexpr (::npg::rules::IsComposite<K>) {
    auto typed = dyn_cast<Op>(op);
    if (!typed)
      return false;
    OpBuilder b(op);
    IrAlgebra algebra(b, op->getLoc());
    std::vector<Value> operands(op->getOperands().begin(),
                                op->getOperands().end());
    Value result =
        ::npg::rules::Rule<K>::expand(algebra, readAttrs(typed), operands);
    op->getResult(0).replaceAllUsesWith(result);
    op->erase();
    return true;
  } else {
    return false;
  }
}

struct DecomposePass : ::npg::impl::DecomposePassBase<DecomposePass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<NpgDialect>(op->getDialect()))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
#define NPG_EXPAND(Kind)                                                       \
  if (expand<::npg::ops::OpKind::Kind, Kind##Op>(op))                          \
    continue;
      NPG_OPS(NPG_EXPAND)
#undef NPG_EXPAND
    }
    // The expansions' scalars that became splats are left unused.
    getOperation()->walk([](ConstantOp constant) {
      if (constant->use_empty())
        constant.erase();
    });
  }
};

} // namespace
