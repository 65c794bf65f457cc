//===- ElementTypes.h - npg dtypes as MLIR types ----------------*- C++ -*-===//
//
// The one mapping between npg's dtypes and the element types of npg tensors
// (f32, f64, i1, i32, i64), both ways.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_IR_ELEMENTTYPES_H
#define NPG_IR_ELEMENTTYPES_H

#include "npg/runtime/DType.h"
#include "npg/runtime/Shape.h"

#include "mlir/IR/BuiltinTypes.h"

namespace mlir::npg {

/// The element type of `dtype`.
Type elementTypeOf(MLIRContext *context, ::npg::DType dtype);
/// The dtype of an npg tensor element type (f32, f64, i1, i32, i64).
::npg::DType dtypeOf(Type element);
/// tensor<shape x dtype>.
RankedTensorType tensorTypeOf(MLIRContext *context, const ::npg::Shape &shape,
                              ::npg::DType dtype);
/// A ranked tensor type's shape as an npg Shape.
::npg::Shape shapeOf(Type tensor);

} // namespace mlir::npg

#endif // NPG_IR_ELEMENTTYPES_H
