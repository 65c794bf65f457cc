#pragma once
// The npg dialect's ops as plain C++ data, generated from ODS (NpgOps.td) by
// rules/gen_op_table.py: an op kind per op, its name, operands and
// attributes, and a typed struct of its attributes (Attrs<OpKind::X>). The
// tracer records op kinds with typed attributes, the trace importer maps
// them to MLIR without parsing text, and the derivative rules take them: an
// op is named once, in ODS. Free of MLIR, so the eager library uses it too.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

namespace npg::ops {

/// The kinds of attribute npg ops have (ODS's DenseI64ArrayAttr, I64Attr,
/// BoolAttr, F64Attr and enum attributes).
enum class AttrKind : std::uint8_t { Bool, I64, F64, I64Array, Enum };

struct AttrInfo {
  std::string_view name;
  AttrKind kind;
  bool optional;
};

struct OpInfo {
  /// "npg.reduce_sum"
  std::string_view name;
  /// "ReduceSum": the op class without "Op", and the OpKind's name.
  std::string_view kind_name;
  /// The number of operands, or -1 for a variadic list.
  int operands;
  /// Whether ODS gives the op DifferentiableOpInterface.
  bool differentiable;
  std::span<const AttrInfo> attrs;
};

#include "npg/rules/OpTable.h.inc"

constexpr const OpInfo &info(OpKind kind) {
  return op_infos[static_cast<std::size_t>(kind)];
}

/// The kind named `name` ("npg.tanh"), if there is one.
constexpr std::optional<OpKind> kind_named(std::string_view name) {
  for (std::size_t i = 0; i < kNumOpKinds; ++i)
    if (op_infos[i].name == name)
      return static_cast<OpKind>(i);
  return std::nullopt;
}

} // namespace npg::ops
