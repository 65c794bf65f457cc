#include "npg/IR/TraceImport.h"

#include "npg/IR/ElementTypes.h"
#include "npg/IR/NpgDialect.h"
#include "npg/IR/NpgOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Verifier.h"

#include <cstring>

namespace npg::ir {

namespace {

mlir::RankedTensorType tensorType(mlir::Builder &b, const TensorType &t) {
  return mlir::npg::tensorTypeOf(b.getContext(), t.shape, t.dtype);
}

mlir::Location location(mlir::Builder &b, const SourceLoc &loc) {
  return mlir::FileLineColLoc::get(b.getContext(), loc.file, loc.line,
                                   loc.column);
}

/// The elements of a constant as a DenseElementsAttr (a splat when all
/// elements are equal).
mlir::DenseElementsAttr constantAttr(mlir::Builder &b, const TraceValue &v) {
  const mlir::RankedTensorType type = tensorType(b, v.type);
  return visit(v.type.dtype, [&]<class T>(std::type_identity<T>) {
    std::vector<T> elements(static_cast<std::size_t>(numel(v.type.shape)));
    if constexpr (std::is_same_v<T, bool>) {
      for (std::size_t i = 0; i < elements.size(); ++i)
        elements[i] = v.data[i] != 0;
      llvm::SmallVector<bool> bits(elements.begin(), elements.end());
      return mlir::DenseElementsAttr::get(type, llvm::ArrayRef<bool>(bits));
    } else {
      if (!elements.empty()) // an empty vector's data() may be null
        std::memcpy(elements.data(), v.data.data(),
                    elements.size() * sizeof(T));
      return mlir::DenseElementsAttr::get(type, llvm::ArrayRef<T>(elements));
    }
  });
}

/// Attribute `info` of an op with the recorded `value`, as its ODS kind
/// says: nothing is inferred from the value.
mlir::Attribute attribute(mlir::Builder &b, const ops::AttrInfo &info,
                          const ops::AttrValue &value) {
  return std::visit(
      [&](const auto &v) -> mlir::Attribute {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool>)
          return b.getBoolAttr(v);
        else if constexpr (std::is_same_v<V, std::int64_t>)
          return b.getI64IntegerAttr(v);
        else if constexpr (std::is_same_v<V, double>)
          return b.getF64FloatAttr(v);
        else if constexpr (std::is_same_v<V, std::vector<std::int64_t>>)
          return b.getDenseI64ArrayAttr(v);
        else if constexpr (std::is_same_v<V, ops::CompareMode>)
          return mlir::npg::CompareModeAttr::get(
              b.getContext(), static_cast<mlir::npg::CompareMode>(v));
        else
          return {};
      },
      value);
}

} // namespace

mlir::OwningOpRef<mlir::ModuleOp> importTrace(mlir::MLIRContext &context,
                                              const TraceGraph &graph) {
  context.loadDialect<mlir::func::FuncDialect, mlir::npg::NpgDialect>();
  mlir::OpBuilder b(&context);
  const mlir::Location unknown = b.getUnknownLoc();
  const mlir::Location funcLoc =
      graph.ops.empty() ? unknown : location(b, graph.ops.front().loc);

  llvm::SmallVector<mlir::Type> argTypes, resultTypes;
  for (int v : graph.arguments)
    argTypes.push_back(tensorType(b, graph.values[v].type));
  for (int v : graph.results)
    resultTypes.push_back(tensorType(b, graph.values[v].type));

  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::ModuleOp::create(unknown);
  b.setInsertionPointToEnd(module->getBody());
  auto func = b.create<mlir::func::FuncOp>(
      funcLoc, graph.name, b.getFunctionType(argTypes, resultTypes));
  mlir::Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);

  std::vector<mlir::Value> values(graph.values.size());
  for (std::size_t i = 0; i < graph.arguments.size(); ++i)
    values[graph.arguments[i]] = entry->getArgument(i);
  // Constants are made where first used, at that use's location.
  auto valueOf = [&](int id, mlir::Location loc) {
    if (!values[id]) {
      mlir::OperationState state(loc, ops::info(ops::OpKind::Constant).name);
      state.addAttribute("value", constantAttr(b, graph.values[id]));
      state.addTypes(tensorType(b, graph.values[id].type));
      values[id] = b.create(state)->getResult(0);
    }
    return values[id];
  };

  for (const TraceOp &op : graph.ops) {
    const mlir::Location loc = location(b, op.loc);
    const ops::OpInfo &info = ops::info(op.kind);
    mlir::OperationState state(loc, info.name);
    for (int operand : op.operands)
      state.addOperands(valueOf(operand, loc));
    state.addTypes(tensorType(b, graph.values[op.result].type));
    if (op.attrs.size() != info.attrs.size())
      return nullptr; // a recorder bug; the caller reports it
    for (std::size_t i = 0; i < op.attrs.size(); ++i)
      if (mlir::Attribute attr = attribute(b, info.attrs[i], op.attrs[i]))
        state.addAttribute(info.attrs[i].name, attr);
    values[op.result] = b.create(state)->getResult(0);
  }

  llvm::SmallVector<mlir::Value> results;
  for (int v : graph.results)
    results.push_back(valueOf(v, funcLoc));
  b.create<mlir::func::ReturnOp>(funcLoc, results);

  if (mlir::failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

} // namespace npg::ir
