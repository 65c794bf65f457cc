// The TOOLCHAIN.md pipeline, tensor-level linalg to the LLVM dialect.
// First stop after fusion: two elementwise generics and the reduction that
// consumes them become one linalg.generic. Then lower all the way: math.tanh
// has no LLVM intrinsic, so without convert-math-to-libm it would survive
// into the "LLVM" output unnoticed; the implicit-check-not catches that.
// RUN: npg-opt %s --canonicalize --linalg-fuse-elementwise-ops \
// RUN:   | FileCheck %s --check-prefix=FUSED
// RUN: npg-opt %s --pass-pipeline="builtin.module(canonicalize, \
// RUN:   linalg-fuse-elementwise-ops, \
// RUN:   one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map}, \
// RUN:   buffer-deallocation-pipeline, convert-linalg-to-loops, convert-scf-to-cf, \
// RUN:   expand-strided-metadata, lower-affine, finalize-memref-to-llvm, \
// RUN:   convert-math-to-llvm, convert-math-to-libm, convert-arith-to-llvm, \
// RUN:   convert-func-to-llvm, convert-cf-to-llvm, reconcile-unrealized-casts)" \
// RUN:   | FileCheck %s --check-prefix=LLVM \
// RUN:       --implicit-check-not="{{(func|math|arith|linalg|tensor|memref|bufferization|scf|cf)\.|unrealized_conversion_cast}}"

#map = affine_map<(d0) -> (d0)>
#sum = affine_map<(d0) -> ()>

// FUSED-LABEL: func.func @sum_tanh_affine(
// FUSED:         linalg.generic
// FUSED-SAME:      iterator_types = ["reduction"]
// FUSED:           arith.mulf
// FUSED:           math.tanh
// FUSED:           arith.addf
// FUSED:           arith.addf
// FUSED-NOT:     linalg.generic
// FUSED:         return

// LLVM-DAG:    llvm.func @malloc(i64) -> !llvm.ptr
// LLVM-DAG:    llvm.func @tanhf(f32) -> f32
// LLVM-LABEL:  llvm.func @sum_tanh_affine(
// LLVM:          llvm.call @tanhf
// LLVM:          llvm.fadd
// LLVM:          llvm.return
func.func @sum_tanh_affine(%x: tensor<8xf32>, %a: f32) -> tensor<f32> {
  %e = tensor.empty() : tensor<8xf32>
  %y = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %a : f32
    %t = math.tanh %m : f32
    linalg.yield %t : f32
  } -> tensor<8xf32>
  %z = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
      ins(%y : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %a : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  %zero = arith.constant 0.0 : f32
  %i = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%i : tensor<f32>) -> tensor<f32>
  %r = linalg.generic {indexing_maps = [#map, #sum], iterator_types = ["reduction"]}
      ins(%z : tensor<8xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  return %r : tensor<f32>
}
