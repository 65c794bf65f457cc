//===- Utils.h - builders shared by the npg-to-linalg patterns -*- C++ -*-===//
//
// Tensors, constants and parallel generics as every area of
// convert-npg-to-linalg builds them.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_CONVERSION_NPGTOLINALG_UTILS_H
#define NPG_CONVERSION_NPGTOLINALG_UTILS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/Builders.h"

namespace npg::conversion {

mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc,
                        llvm::ArrayRef<int64_t> shape, mlir::Type element);

/// A splat constant `dest` (the zeros an adjoint is written into) as a
/// linalg.fill of a new tensor, which fuses and bufferizes in place; any
/// other `dest` as it is.
mlir::Value splatAsFill(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::Value dest, mlir::RankedTensorType type);

mlir::Value scalarConstant(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Type type, double value);

inline bool isBool(mlir::Type t) { return t.isInteger(1); }

/// A `linalg.generic` over the result's shape, all loops parallel. `maps`
/// gives each input's indexing map (the result's is the identity).
mlir::Value buildParallelGeneric(
    mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType resultType,
    mlir::ValueRange inputs, llvm::ArrayRef<mlir::AffineMap> maps,
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                   mlir::ValueRange)>
        body);

/// `value` reshaped to `target` (same element count) with collapse_shape /
/// expand_shape, which bufferize to views. Shapes that no single reassociation
/// relates go through 1-D.
mlir::Value reshapeTensor(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value value, mlir::RankedTensorType target);

} // namespace npg::conversion

#endif // NPG_CONVERSION_NPGTOLINALG_UTILS_H
