#pragma once
// A recorded trace as plain data: what the eager frontend records while a
// function runs, and what the importer turns into an npg dialect function.
// Free of MLIR types so the frontend can build it without MLIR headers.
#include "npg/rules/OpTable.h"
#include "npg/runtime/DType.h"
#include "npg/runtime/Shape.h"

#include <cstdint>
#include <string>
#include <vector>

namespace npg::ir {

struct TensorType {
  Shape shape;
  DType dtype;
  bool operator==(const TensorType &) const = default;
};

/// A point in the user's source (std::source_location's fields).
struct SourceLoc {
  std::string file;
  unsigned line = 0;
  unsigned column = 0;
};

struct TraceValue {
  enum class Kind { Argument, Constant, OpResult };
  Kind kind;
  TensorType type;
  /// Constants only: the elements, contiguous, one byte per bool.
  std::vector<std::uint8_t> data;
};

struct TraceOp {
  ops::OpKind kind;
  std::vector<int> operands;
  int result;
  /// The op's attributes in the op table's order (ops::encode).
  std::vector<ops::AttrValue> attrs;
  SourceLoc loc;
};

struct TraceGraph {
  std::string name = "traced";
  std::vector<TraceValue> values;
  /// Values that are function arguments, in order: the traced function's
  /// inputs first, then the arrays it captured.
  std::vector<int> arguments;
  std::vector<TraceOp> ops;
  std::vector<int> results;
};

} // namespace npg::ir
