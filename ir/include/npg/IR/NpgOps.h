//===- NpgOps.h - npg dialect operations ------------------------*- C++ -*-===//
//
// The op classes (mlir::npg::AddOp, ...), the CompareMode enum and the traits
// the ops use. Builders are listed in docs/npg-dialect.md and NpgOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_IR_NPGOPS_H
#define NPG_IR_NPGOPS_H

#include "npg/IR/NpgDialect.h"
#include "npg/IR/NpgInterfaces.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "npg/IR/NpgOpsEnums.h.inc"

namespace mlir::npg {

/// Whether `type` is a value type npg ops accept: a statically shaped ranked
/// tensor of f32, f64, i1, i32 or i64 whose element count fits in int64.
bool isNpgTensorType(Type type);

/// Whether the product of the nonzero extents of the static shape of `type`
/// fits in int64, so that getNumElements() and every index computed from the
/// shape are exact (tensor<4294967296x4294967296xf32> would wrap to 0).
bool hasAddressableSize(Type type);

namespace detail {
LogicalResult verifySameOperandsAndResultTypeWithShapes(Operation *op);
} // namespace detail

/// SameOperandsAndResultType with a message that prints the types.
template <typename ConcreteType>
class SameOperandsAndResultTypeWithShapes
    : public OpTrait::TraitBase<ConcreteType,
                                SameOperandsAndResultTypeWithShapes> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return detail::verifySameOperandsAndResultTypeWithShapes(op);
  }
};

/// Runs the op's shape rule (`verifyShapes()`) at this point of trait
/// verification, i.e. before InferTypeOpInterface compares result types.
template <typename ConcreteType>
class VerifyShapesFirst
    : public OpTrait::TraitBase<ConcreteType, VerifyShapesFirst> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return cast<ConcreteType>(op).verifyShapes();
  }
};

} // namespace mlir::npg

#define GET_OP_CLASSES
#include "npg/IR/NpgOps.h.inc"

#endif // NPG_IR_NPGOPS_H
