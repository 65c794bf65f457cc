// RUN: npg-opt %s -npg-matmul-to-blas | FileCheck %s
// RUN: npg-opt %s -npg-matmul-to-blas="min-size=8" | FileCheck %s --check-prefix=SMALL

// One declaration per element type, with the C interface the runtime's
// _mlir_ciface_npg_gemm_* implements.
// CHECK-DAG: func.func private @npg_gemm_f32(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @npg_gemm_f64(

// A large float matmul becomes a call on layout-erased views of its buffers.
// CHECK-LABEL: func.func @large(
// CHECK-SAME:      %[[A:.*]]: memref<64x128xf32>, %[[B:.*]]: memref<128x256xf32>, %[[C:.*]]: memref<64x256xf32>
// CHECK-DAG:     %[[CA:.*]] = memref.cast %[[A]] : memref<64x128xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK-DAG:     %[[CB:.*]] = memref.cast %[[B]]
// CHECK-DAG:     %[[CC:.*]] = memref.cast %[[C]]
// CHECK:         call @npg_gemm_f32(%[[CA]], %[[CB]], %[[CC]])
// CHECK-NOT:     linalg.matmul
func.func @large(%a: memref<64x128xf32>, %b: memref<128x256xf32>, %c: memref<64x256xf32>) {
  linalg.matmul ins(%a, %b : memref<64x128xf32>, memref<128x256xf32>) outs(%c : memref<64x256xf32>)
  return
}

// A matmul as convert-npg-to-linalg writes it, a generic over (i, k, j),
// here with A read transposed (a fused transpose): A's view is a transpose
// of the buffer itself.
#ki = affine_map<(i, k, j) -> (k, i)>
#kj = affine_map<(i, k, j) -> (k, j)>
#ij = affine_map<(i, k, j) -> (i, j)>
// CHECK-LABEL: func.func @generic_transposed_a(
// CHECK-SAME:      %[[A:.*]]: memref<128x64xf32>, %[[B:.*]]: memref<128x256xf32>, %[[C:.*]]: memref<64x256xf32>
// CHECK:         %[[TA:.*]] = memref.transpose %[[A]] (d0, d1) -> (d1, d0)
// CHECK-DAG:     %[[CA:.*]] = memref.cast %[[TA]]
// CHECK-DAG:     %[[CB:.*]] = memref.cast %[[B]]
// CHECK-DAG:     %[[CC:.*]] = memref.cast %[[C]]
// CHECK:         call @npg_gemm_f32(%[[CA]], %[[CB]], %[[CC]])
// CHECK-NOT:     linalg.generic
func.func @generic_transposed_a(%a: memref<128x64xf32>, %b: memref<128x256xf32>, %c: memref<64x256xf32>) {
  linalg.generic {indexing_maps = [#ki, #kj, #ij], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<128x64xf32>, memref<128x256xf32>) outs(%c : memref<64x256xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %m, %acc : f32
    linalg.yield %s : f32
  }
  return
}

// Named contractions are matched as the generic they generalise to.
// CHECK-LABEL: func.func @named_transpose_b(
// CHECK-SAME:      %[[A:.*]]: memref<64x128xf64>, %[[B:.*]]: memref<256x128xf64>
// CHECK:         %[[TB:.*]] = memref.transpose %[[B]] (d0, d1) -> (d1, d0)
// CHECK:         call @npg_gemm_f64(%{{.*}}, %{{.*}}, %{{.*}})
// CHECK-NOT:     linalg.matmul_transpose_b
func.func @named_transpose_b(%a: memref<64x128xf64>, %b: memref<256x128xf64>, %c: memref<64x256xf64>) {
  linalg.matmul_transpose_b ins(%a, %b : memref<64x128xf64>, memref<256x128xf64>) outs(%c : memref<64x256xf64>)
  return
}

// Strided views (here a transposed operand) are passed as they are.
// CHECK-LABEL: func.func @strided_f64(
// CHECK:         call @npg_gemm_f64(
func.func @strided_f64(%a: memref<32x32xf64, strided<[1, 32]>>, %b: memref<32x32xf64>, %c: memref<32x32xf64>) {
  linalg.matmul ins(%a, %b : memref<32x32xf64, strided<[1, 32]>>, memref<32x32xf64>) outs(%c : memref<32x32xf64>)
  return
}

// Below min-size (m*n*k = 24 < 4096) a matmul stays a loop nest.
// CHECK-LABEL: func.func @small(
// CHECK:         linalg.matmul
// SMALL-LABEL: func.func @small(
// SMALL:         call @npg_gemm_f32(
func.func @small(%a: memref<2x3xf32>, %b: memref<3x4xf32>, %c: memref<2x4xf32>) {
  linalg.matmul ins(%a, %b : memref<2x3xf32>, memref<3x4xf32>) outs(%c : memref<2x4xf32>)
  return
}

// Integers and tensors are not BLAS's.
// CHECK-LABEL: func.func @integers(
// CHECK:         linalg.matmul
// SMALL-LABEL: func.func @integers(
// SMALL:         linalg.matmul
func.func @integers(%a: memref<64x64xi32>, %b: memref<64x64xi32>, %c: memref<64x64xi32>) {
  linalg.matmul ins(%a, %b : memref<64x64xi32>, memref<64x64xi32>) outs(%c : memref<64x64xi32>)
  return
}

// CHECK-LABEL: func.func @tensors(
// CHECK:         linalg.matmul
func.func @tensors(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// A batched matmul generic: a loop over the batch around one call on
// subviews. Here A (n x d) broadcasts over the batch and B is read
// transposed (a fused swapaxes): B's view is a transpose of its subview.
#a = affine_map<(b, i, k, j) -> (i, k)>
#bt = affine_map<(b, i, k, j) -> (b, j, k)>
#c = affine_map<(b, i, k, j) -> (b, i, j)>
// CHECK-LABEL: func.func @batched(
// CHECK-SAME:      %[[A:.*]]: memref<100x64xf64>, %[[B:.*]]: memref<5x64x64xf64>, %[[C:.*]]: memref<5x100x64xf64>
// CHECK:         scf.for %[[K:.*]] = %c0 to %c5 step %c1 {
// CHECK:           %[[VB:.*]] = memref.subview %[[B]][%[[K]], 0, 0] [1, 64, 64] [1, 1, 1]
// CHECK:           %[[TB:.*]] = memref.transpose %[[VB]] (d0, d1) -> (d1, d0)
// CHECK:           %[[VC:.*]] = memref.subview %[[C]][%[[K]], 0, 0] [1, 100, 64] [1, 1, 1]
// CHECK-DAG:       %[[CA:.*]] = memref.cast %[[A]]
// CHECK-DAG:       %[[CB:.*]] = memref.cast %[[TB]]
// CHECK-DAG:       %[[CC:.*]] = memref.cast %[[VC]]
// CHECK:           call @npg_gemm_f64(%[[CA]], %[[CB]], %[[CC]])
// CHECK-NOT:     linalg.generic
func.func @batched(%a: memref<100x64xf64>, %b: memref<5x64x64xf64>, %c: memref<5x100x64xf64>) {
  linalg.generic {indexing_maps = [#a, #bt, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<100x64xf64>, memref<5x64x64xf64>) outs(%c : memref<5x100x64xf64>) {
  ^bb0(%x: f64, %y: f64, %acc: f64):
    %m = arith.mulf %x, %y : f64
    %s = arith.addf %acc, %m : f64
    linalg.yield %s : f64
  }
  return
}

// A size-1 batch dimension that broadcasts is read at 0; below min-size
// per product (2*3*4 = 24) it stays a loop nest.
#a1 = affine_map<(b, i, k, j) -> (0, i, k)>
#b1 = affine_map<(b, i, k, j) -> (b, k, j)>
// CHECK-LABEL: func.func @batched_broadcast(
// CHECK:         scf.for %[[K:.*]] =
// CHECK:           memref.subview %arg0[0, 0, 0] [1, 32, 32] [1, 1, 1]
// CHECK:           memref.subview %arg1[%[[K]], 0, 0] [1, 32, 32] [1, 1, 1]
// CHECK:           call @npg_gemm_f32(
// CHECK-LABEL: func.func @batched_small(
// CHECK:         linalg.generic
// SMALL-LABEL: func.func @batched_small(
// SMALL:         call @npg_gemm_f32(
func.func @batched_broadcast(%a: memref<1x32x32xf32>, %b: memref<3x32x32xf32>, %c: memref<3x32x32xf32>) {
  linalg.generic {indexing_maps = [#a1, #b1, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<1x32x32xf32>, memref<3x32x32xf32>) outs(%c : memref<3x32x32xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}
func.func @batched_small(%a: memref<1x2x3xf32>, %b: memref<3x3x4xf32>, %c: memref<3x2x4xf32>) {
  linalg.generic {indexing_maps = [#a1, #b1, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<1x2x3xf32>, memref<3x3x4xf32>) outs(%c : memref<3x2x4xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// Not a matmul: the body is not out + a * b.
// CHECK-LABEL: func.func @batched_not_mul_add(
// CHECK:         linalg.generic
// SMALL-LABEL: func.func @batched_not_mul_add(
// SMALL:         linalg.generic
func.func @batched_not_mul_add(%a: memref<1x32x32xf32>, %b: memref<3x32x32xf32>, %c: memref<3x32x32xf32>) {
  linalg.generic {indexing_maps = [#a1, #b1, #c], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<1x32x32xf32>, memref<3x32x32xf32>) outs(%c : memref<3x32x32xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.maximumf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// Not a matmul: one loop only (a dot product into a 0-d result).
#x = affine_map<(k) -> (k)>
#s = affine_map<(k) -> ()>
// CHECK-LABEL: func.func @dot(
// CHECK:         linalg.generic
func.func @dot(%a: memref<8192xf32>, %b: memref<8192xf32>, %c: memref<f32>) {
  linalg.generic {indexing_maps = [#x, #x, #s], iterator_types = ["reduction"]}
      ins(%a, %b : memref<8192xf32>, memref<8192xf32>) outs(%c : memref<f32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}
