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
