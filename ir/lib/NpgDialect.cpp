//===- NpgDialect.cpp - The npg dialect -----------------------------------===//

#include "npg/IR/NpgDialect.h"
#include "npg/IR/NpgOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"

using namespace mlir;
using namespace mlir::npg;

#include "npg/IR/NpgOpsDialect.cpp.inc"

void NpgDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "npg/IR/NpgOps.cpp.inc"
      >();
}

// Folders return attributes (a constant's value, a reshaped or broadcast
// splat); the canonicalizer turns them back into npg.constant ops here.
Operation *NpgDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type || !isNpgTensorType(type))
    return nullptr;
  return builder.create<ConstantOp>(loc, type, elements);
}
