//===- Passes.td - npg lowering passes ---------------------*- tablegen -*-===//
//
// From npg dialect IR to linalg on tensors, and the small helper passes the
// npg-pipeline needs on the way to LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_LOWERING_PASSES_TD
#define NPG_PASSES_LOWERING_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldBroadcastReducePass : Pass<"npg-fold-broadcast-reduce"> {
  let summary = "Fold sums over broadcast axes and chains of shape ops";
  let description = [{
    TODO
  }];
  let dependentDialects = ["::mlir::npg::NpgDialect"];
}

def ConvertNpgToLinalgPass : Pass<"convert-npg-to-linalg"> {
  let summary = "Lower npg ops to linalg, tensor, arith and math";
  let description = [{
    TODO
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def MathApproximationPass : Pass<"npg-math-approximation"> {
  let summary = "Expand math ops into vectorisable polynomial approximations";
  let description = [{
    Applies MLIR's `populateMathPolynomialApproximationPatterns` (upstream
    only exposes them through a test pass): `math.exp`, `math.tanh`,
    `math.log`, `math.sin`, `math.cos`, ... become arithmetic that LLVM can
    vectorise, instead of one scalar libm call per element.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def EmitCInterfacePass : Pass<"npg-emit-c-interface", "::mlir::ModuleOp"> {
  let summary = "Mark every public function llvm.emit_c_interface";
  let description = [{
    convert-func-to-llvm then also emits `_mlir_ciface_<name>`, which takes
    pointers to memref descriptors: the entry point the JIT runtime calls.
  }];
}

#endif // NPG_PASSES_LOWERING_PASSES_TD
