//===- PassDetail.h - Generated bases of npg's lowering passes --*- C++ -*-===//

#ifndef NPG_PASSES_LOWERING_PASSDETAIL_H
#define NPG_PASSES_LOWERING_PASSDETAIL_H

#include "npg/IR/NpgDialect.h"
#include "npg/Passes/Lowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace npg {
#define GEN_PASS_DECL
#include "Passes.h.inc"
} // namespace npg

#endif // NPG_PASSES_LOWERING_PASSDETAIL_H
