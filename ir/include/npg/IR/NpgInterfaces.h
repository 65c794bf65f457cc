//===- NpgInterfaces.h - npg op interfaces ----------------------*- C++ -*-===//
//
// DifferentiableOpInterface (see NpgInterfaces.td).
//
//===----------------------------------------------------------------------===//

#ifndef NPG_IR_NPGINTERFACES_H
#define NPG_IR_NPGINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include "npg/IR/NpgInterfaces.h.inc"

#endif // NPG_IR_NPGINTERFACES_H
