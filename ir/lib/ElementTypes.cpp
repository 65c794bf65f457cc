//===- ElementTypes.cpp - npg dtypes as MLIR types ------------------------===//

#include "npg/IR/ElementTypes.h"

namespace mlir::npg {

Type elementTypeOf(MLIRContext *context, ::npg::DType dtype) {
  switch (dtype) {
  case ::npg::DType::Bool:
    return IntegerType::get(context, 1);
  case ::npg::DType::Int32:
    return IntegerType::get(context, 32);
  case ::npg::DType::Int64:
    return IntegerType::get(context, 64);
  case ::npg::DType::Float32:
    return Float32Type::get(context);
  case ::npg::DType::Float64:
    break;
  }
  return Float64Type::get(context);
}

::npg::DType dtypeOf(Type element) {
  if (element.isF32())
    return ::npg::DType::Float32;
  if (element.isF64())
    return ::npg::DType::Float64;
  if (element.isInteger(1))
    return ::npg::DType::Bool;
  if (element.isInteger(32))
    return ::npg::DType::Int32;
  return ::npg::DType::Int64;
}

RankedTensorType tensorTypeOf(MLIRContext *context, const ::npg::Shape &shape,
                              ::npg::DType dtype) {
  return RankedTensorType::get(shape, elementTypeOf(context, dtype));
}

::npg::Shape shapeOf(Type tensor) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(tensor).getShape();
  return ::npg::Shape(shape.begin(), shape.end());
}

} // namespace mlir::npg
