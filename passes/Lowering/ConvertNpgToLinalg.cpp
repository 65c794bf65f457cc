//===- ConvertNpgToLinalg.cpp - convert-npg-to-linalg ---------------------===//

#include "PassDetail.h"

#include "npg/IR/NpgOps.h"

#include "mlir/Transforms/DialectConversion.h"

namespace npg {
#define GEN_PASS_DEF_CONVERTNPGTOLINALGPASS
#include "Passes.h.inc"
} // namespace npg

using namespace mlir;

namespace {
struct ConvertNpgToLinalgPass
    : ::npg::impl::ConvertNpgToLinalgPassBase<ConvertNpgToLinalgPass> {
  void runOnOperation() override {}
};
} // namespace
