//===- Passes.td - the JIT calling convention ---*- tablegen -*-===//
//
// The passes that give compiled functions the calling convention the JIT
// runtime expects: fresh result buffers, C interfaces, noalias pointers.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_CALLINGCONVENTION_PASSES_TD
#define NPG_PASSES_CALLINGCONVENTION_PASSES_TD

include "mlir/Pass/PassBase.td"


def UniqueReturnedBuffersPass
    : Pass<"npg-unique-returned-buffers", "::mlir::func::FuncOp"> {
  let summary = "Give every returned memref a fresh buffer of its own";
  let description = [{
    Runs between one-shot-bufferize and buffer-results-to-out-params: a
    returned function argument, or a buffer returned more than once, is
    copied (linalg.copy) into a fresh allocation. MLIR 19's
    hoist-static-allocs crashes on either, and npg-autodiff's forward
    functions return their inputs as residuals. Every returned buffer is then
    a static allocation that hoisting turns into its out-param, so results
    are computed (or copied) straight into the caller's buffers.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::memref::MemRefDialect"
  ];
}

def EmitCInterfacePass : Pass<"npg-emit-c-interface", "::mlir::ModuleOp"> {
  let summary = "Mark every public function llvm.emit_c_interface";
  let description = [{
    convert-func-to-llvm then also emits `_mlir_ciface_<name>`, which takes
    pointers to memref descriptors: the entry point the JIT runtime calls.
  }];
}

def NoaliasArgumentsPass
    : Pass<"npg-noalias-arguments", "::mlir::ModuleOp"> {
  let summary = "Mark the pointer arguments of the JIT's entry points noalias";
  let description = [{
    Runs after convert-func-to-llvm. Every `llvm.func` with a C interface
    (`llvm.emit_c_interface`, not the `_mlir_ciface_` wrapper itself) gets
    `llvm.noalias` on its pointer arguments: the allocated and aligned
    pointers of its memref arguments. The runtime's calling convention
    guarantees it (results are fresh buffers, inputs are only read, and
    compiled code reads and writes through aligned pointers only). LLVM can
    then keep an accumulator that lives in a result in a register while the
    same loop stores another result (a float64 loss and its gradient), and
    vectorise that loop. A loop nest that `npg-outline-loop-nests` gave a
    function of its own, marked `npg.noalias_arguments` because each of
    its memref arguments views a different buffer, gets the same.
  }];
}

#endif // NPG_PASSES_CALLINGCONVENTION_PASSES_TD
