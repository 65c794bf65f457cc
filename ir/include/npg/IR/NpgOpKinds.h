//===- NpgOpKinds.h - op classes and the op table ---------------*- C++ -*-===//
//
// The op table's view of the op classes (generated from ODS with it):
// OpKindOf<XOp>::value is X's ops::OpKind, and readAttrs(op) its attributes
// as the typed ops::Attrs<OpKind::X> that the shared rules take.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_IR_NPGOPKINDS_H
#define NPG_IR_NPGOPKINDS_H

#include "npg/IR/NpgOps.h"
#include "npg/rules/OpTable.h"

namespace mlir::npg {
#include "npg/IR/NpgOpKinds.h.inc"
} // namespace mlir::npg

#endif // NPG_IR_NPGOPKINDS_H
