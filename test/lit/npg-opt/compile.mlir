// --npg-compile runs the compiler driver, as npg::compile does: autodiff
// (with --npg-grad), the npg pipeline, the JIT. It prints the module the JIT
// compiled and the time of each phase.
// RUN: npg-opt %s --npg-compile=loss 2>%t.err | FileCheck %s --check-prefix=VALUE
// RUN: FileCheck %s --check-prefix=VALUE-LOG < %t.err
// RUN: npg-opt %s --npg-compile=loss --npg-grad 2>&1 | FileCheck %s --check-prefix=GRAD
// RUN: npg-opt %s --npg-compile=loss --npg-value-and-grad 2>&1 | FileCheck %s --check-prefix=VG
// RUN: not npg-opt %s --npg-compile=missing 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not npg-opt %s --npg-compile=no_rule --npg-grad 2>&1 | FileCheck %s --check-prefix=FAILS

// Without gradients the npg.requires_grad marks are dropped, not passed to
// LLVM (which would warn about an unknown parameter attribute).
// VALUE-NOT:     npg.requires_grad
// VALUE:         llvm.func @loss(
// VALUE:         llvm.func @_mlir_ciface_loss(
// VALUE-LOG-NOT: warning
// VALUE-LOG:     npg-opt: compiled @loss: autodiff {{[0-9]+}} ms, lowering {{[0-9]+}} ms, LLVM {{[0-9]+}} ms

// GRAD:    npg-opt: compiled @loss_fwd and @loss_bwd: autodiff
// GRAD-DAG: llvm.func @_mlir_ciface_loss_fwd(
// GRAD-DAG: llvm.func @_mlir_ciface_loss_bwd(

// VG:      npg-opt: compiled @loss_value_and_grad:
// VG:      llvm.func @_mlir_ciface_loss_value_and_grad(
// VG-NOT:  llvm.func @_mlir_ciface_loss_fwd(

// MISSING: compile.mlir: error: --npg-compile: the module has no function @missing

// A stage that fails reports it with MLIR's diagnostics, at the user's line.
// The other functions of the module are dropped first (a trace holds one).
// FAILS: error: compile: autodiff failed for no_rule:
// FAILS-NEXT: compile.mlir:[[# @LINE + 3]]:8: 'arith.addf' op has no derivative rule; cannot differentiate @no_rule

func.func @no_rule(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = arith.addf %x, %x : tensor<3xf32>
  %1 = npg.exp %0 : tensor<3xf32>
  return %1 : tensor<3xf32>
}

func.func @loss(%x: tensor<2x3xf32> {npg.requires_grad}, %y: tensor<2x3xf32>) -> tensor<f32> {
  %0 = npg.mul %x, %y : tensor<2x3xf32>
  %1 = npg.tanh %0 : tensor<2x3xf32>
  %2 = npg.reduce_sum %1, axes = [0, 1], keepdims = false : tensor<2x3xf32> -> tensor<f32>
  return %2 : tensor<f32>
}
