//===- NpgDerivatives.cpp - reverse-mode rules of the npg ops -------------===//
//
// DifferentiableOpInterface for every differentiable npg op: each op runs
// its rule from rules/include/npg/rules (the one the eager library runs on
// Arrays) on IrAlgebra, so eager and compiled gradients come from one
// definition. The rules build the vector-Jacobian product in npg ops, so
// the backward functions npg-autodiff generates can be differentiated again.
//
//===----------------------------------------------------------------------===//

#include "npg/IR/IrAlgebra.h"
#include "npg/IR/NpgOps.h"
#include "npg/rules/Rules.h"

using namespace mlir;
using namespace mlir::npg;

#include "npg/IR/NpgInterfaces.cpp.inc"

namespace {

template <::npg::ops::OpKind K, typename Op>
SmallVector<Value> adjointsOf(Op op, OpBuilder &b, Value g,
                              llvm::function_ref<Value(Value)> getPrimal) {
  IrAlgebra algebra(b, op.getLoc(), op.getOperation(), getPrimal);
  ::npg::rules::Adjoints<IrAlgebra> adjoints =
      ::npg::rules::Rule<K>::vjp(algebra, readAttrs(op), g);
  return SmallVector<Value>(adjoints.begin(), adjoints.end());
}

} // namespace

#define NPG_BUILD_ADJOINTS(Kind)                                               \
  SmallVector<Value> Kind##Op::buildAdjoints(                                  \
      OpBuilder &b, Value g, llvm::function_ref<Value(Value)> getPrimal) {     \
    return adjointsOf<::npg::ops::OpKind::Kind>(*this, b, g, getPrimal);       \
  }
NPG_DIFFERENTIABLE_OPS(NPG_BUILD_ADJOINTS)
#undef NPG_BUILD_ADJOINTS
