#pragma once
// Turns a recorded trace into an npg dialect function.
#include "npg/IR/TraceGraph.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace npg::ir {

/// Builds `module { func.func @<graph.name>(arguments) -> results }` from the
/// trace: one npg op per recorded op, located at the user's source line, and
/// an npg.constant per constant value. Fails (with diagnostics reported to
/// the context's handlers) if the result does not verify.
mlir::OwningOpRef<mlir::ModuleOp> importTrace(mlir::MLIRContext &context,
                                              const TraceGraph &graph);

} // namespace npg::ir
