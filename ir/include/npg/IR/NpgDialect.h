//===- NpgDialect.h - The npg MLIR dialect ----------------------*- C++ -*-===//
//
// Register with `registry.insert<mlir::npg::NpgDialect>()`; the ops are in
// NpgOps.h.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_IR_NPGDIALECT_H
#define NPG_IR_NPGDIALECT_H

#include "mlir/IR/Dialect.h"

#include "npg/IR/NpgOpsDialect.h.inc"

#endif // NPG_IR_NPGDIALECT_H
