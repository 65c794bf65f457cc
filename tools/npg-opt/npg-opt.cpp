//===- npg-opt.cpp - mlir-opt-style driver for npg ------------------------===//
//
// Parses, verifies and transforms MLIR with the dialects and passes npg uses,
// e.g. `npg-opt in.mlir --canonicalize --one-shot-bufferize`.
//
//===----------------------------------------------------------------------===//

#include "RegisterUpstream.h"

#include "npg/Passes/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  npg::registerPipelineDialects(registry);
  npg::registerUpstreamPasses();
  npg::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "npg optimizer driver\n", registry));
}
