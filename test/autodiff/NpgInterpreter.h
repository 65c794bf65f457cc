#pragma once
// A reference interpreter for npg dialect functions, for tests: every npg op
// evaluated element by element on row-major buffers of doubles, as plainly as
// possible, so that generated IR (autodiff, folding, lowering) can be checked
// numerically without the JIT.
//
// Values are held as doubles whatever their element type: f32 results are
// rounded to float after each op, i1 values are 0 or 1, integers are exact up
// to 2^53 (no wrap-around). Semantics follow docs/npg-dialect.md and the
// eager library (NaN-propagating maximum/minimum/reduce_max, sigmoid without
// overflow, round half to even, integer division toward zero).
//
//   std::vector<RefTensor> out = npg::testing::evaluate(func, {x, y});

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"

#include <cstdint>
#include <string>
#include <vector>

namespace npg::testing {

enum class ElementKind { F32, F64, I1, I32, I64 };

/// The ElementKind of a tensor type's (or scalar type's) element type;
/// throws std::runtime_error for anything npg does not use.
ElementKind elementKindOf(mlir::Type type);
const char *elementKindName(ElementKind kind);

struct RefTensor {
  std::vector<std::int64_t> shape;
  ElementKind kind = ElementKind::F64;
  std::vector<double> data; // row-major, numel() entries

  RefTensor() = default;
  RefTensor(std::vector<std::int64_t> shape, ElementKind kind,
            std::vector<double> data);
  /// Zeros of `shape`.
  RefTensor(std::vector<std::int64_t> shape, ElementKind kind);

  std::int64_t numel() const;
  bool isFloat() const {
    return kind == ElementKind::F32 || kind == ElementKind::F64;
  }
  /// "tensor<2x3xf64>".
  std::string typeString() const;
  /// Whether `type` is the ranked tensor type of this value.
  bool hasType(mlir::Type type) const;

  /// The elements of a constant attribute (dense or splat).
  static RefTensor fromAttr(mlir::ElementsAttr attr);
};

/// Evaluates `func` on `args` (one per argument, of the argument's type) and
/// returns its results. Supports every npg op, func.return and func.call of
/// functions in the same module. Throws std::runtime_error, naming the op,
/// for unsupported ops, type mismatches and integer division by zero.
std::vector<RefTensor> evaluate(mlir::func::FuncOp func,
                                const std::vector<RefTensor> &args);

} // namespace npg::testing
