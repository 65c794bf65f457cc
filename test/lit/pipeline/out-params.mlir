// RUN: npg-opt %s --npg-pipeline --mlir-print-ir-after=buffer-results-to-out-params -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BUF
// RUN: npg-opt %s --npg-pipeline | FileCheck %s --check-prefix=LLVM \
// RUN:   --implicit-check-not="{{(func|math|arith|linalg|tensor|memref|bufferization|scf|cf|affine)\.|unrealized_conversion_cast}}" \
// RUN:   --implicit-check-not=tanhf --implicit-check-not=malloc --implicit-check-not=memrefCopy

// The calling convention: every result becomes a caller-allocated out-param
// after the inputs, the function returns nothing, and every public function
// has a C interface `_mlir_ciface_<name>(in0*, ..., out0*, ...)` taking
// pointers to memref descriptors. A result computed into a fresh buffer is
// computed straight into its out-param; a broadcast allocates nothing; no
// libm call for tanh (its polynomial approximation vectorises); copies are
// loops, not calls into MLIR's runtime library.

// BUF-LABEL: func.func @bias_tanh(
// BUF-SAME:      %{{.*}}: memref<256x1024xf32>, %{{.*}}: memref<1024xf32>, %[[OUT:.*]]: memref<256x1024xf32>) {
// BUF-NOT:       memref.alloc
// BUF:           linalg.generic {{.*}} outs(%[[OUT]] : memref<256x1024xf32>)
// BUF-NOT:       memref.alloc
// BUF:           return{{$}}
func.func @bias_tanh(%x: tensor<256x1024xf32>, %b: tensor<1024xf32>) -> tensor<256x1024xf32> {
  %0 = npg.broadcast_to %b, dims = [1] : tensor<1024xf32> to tensor<256x1024xf32>
  %1 = npg.add %x, %0 : tensor<256x1024xf32>
  %2 = npg.tanh %1 : tensor<256x1024xf32>
  return %2 : tensor<256x1024xf32>
}

// Several functions per module (autodiff adds @f_fwd and @f_bwd beside @f),
// several results, 0-d and i1 values.
// BUF-LABEL: func.func @f_fwd(
// BUF-SAME:      %{{.*}}: memref<4xf64>, %{{.*}}: memref<f64>, %{{.*}}: memref<4xi1>) {
func.func @f_fwd(%x: tensor<4xf64>) -> (tensor<f64>, tensor<4xi1>) {
  %z = npg.constant dense<0.0> : tensor<4xf64>
  %m = npg.compare gt, %x, %z : tensor<4xf64>
  %r = npg.relu %x : tensor<4xf64>
  %s = npg.reduce_sum %r, axes = [0], keepdims = false : tensor<4xf64> -> tensor<f64>
  return %s, %m : tensor<f64>, tensor<4xi1>
}

// A result that is an input is copied into its out-param (as a loop, not a
// call into a runtime library).
// BUF-LABEL: func.func @f_bwd(
// BUF-SAME:      %[[M:.*]]: memref<4xi1>, %[[G:.*]]: memref<f64>, %[[DX:.*]]: memref<4xf64>, %[[MOUT:.*]]: memref<4xi1>) {
// BUF:           linalg.copy ins(%[[M]] : memref<4xi1>) outs(%[[MOUT]] : memref<4xi1>)
func.func @f_bwd(%m: tensor<4xi1>, %g: tensor<f64>) -> (tensor<4xf64>, tensor<4xi1>) {
  %z = npg.constant dense<0.0> : tensor<4xf64>
  %gb = npg.broadcast_to %g, dims = [] : tensor<f64> to tensor<4xf64>
  %dx = npg.select %m, %gb, %z : tensor<4xi1>, tensor<4xf64>
  return %dx, %m : tensor<4xf64>, tensor<4xi1>
}

// LLVM-DAG:    llvm.func @bias_tanh({{.*}}) attributes {llvm.emit_c_interface}
// LLVM-DAG:    llvm.func @_mlir_ciface_bias_tanh(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface}
// LLVM-DAG:    llvm.func @_mlir_ciface_f_fwd(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface}
// LLVM-DAG:    llvm.func @_mlir_ciface_f_bwd(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface}
