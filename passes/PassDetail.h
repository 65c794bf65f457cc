//===- PassDetail.h - Generated bases of npg's passes -----------*- C++ -*-===//
//
// Included by the passes of every area (Transforms/, Conversion/, Lowering/,
// CallingConvention/): "Passes.h.inc" is the area's own, generated from its
// Passes.td into the area's build directory.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_PASSDETAIL_H
#define NPG_PASSES_PASSDETAIL_H

#include "npg/IR/NpgDialect.h"
#include "npg/Passes/CallingConvention.h"
#include "npg/Passes/Conversion.h"
#include "npg/Passes/Lowering.h"
#include "npg/Passes/Transforms.h"

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

#endif // NPG_PASSES_PASSDETAIL_H
