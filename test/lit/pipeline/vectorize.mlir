// RUN: npg-opt %s --npg-pipeline | mlir-translate --mlir-to-llvmir \
// RUN:   | opt -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=x86-64-v3 \
// RUN:       -pass-remarks=loop-vectorize -pass-remarks-missed=loop-vectorize \
// RUN:       -o /dev/null 2>&1 | FileCheck %s

// What the JIT's O3 does to the lowered loops (here for AVX2, 8 floats or 4
// doubles per vector): every inner loop below vectorises. tanh is a
// polynomial (no libm call), a batched matmul's inner loop runs along rows
// (a plain one this large is a BLAS call), and float sums carry reassoc, so
// even full reductions vectorise, also in a loop that stores a second result
// (a value and its gradient): LLVM must know the store cannot alias the
// accumulator, which is on the stack (a float32 sum accumulates in a float64
// temporary) or in a result (float64: npg-noalias-arguments).

// CHECK-NOT: loop not vectorized
// CHECK-COUNT-8: vectorized loop (vectorization width: {{[48]}},
// CHECK-NOT: loop not vectorized

func.func @bias_tanh(%x: tensor<64x1024xf32>, %b: tensor<1024xf32>) -> tensor<64x1024xf32> {
  %0 = npg.broadcast_to %b, dims = [1] : tensor<1024xf32> to tensor<64x1024xf32>
  %1 = npg.add %x, %0 : tensor<64x1024xf32>
  %2 = npg.tanh %1 : tensor<64x1024xf32>
  return %2 : tensor<64x1024xf32>
}

func.func @matmul(%a: tensor<2x64x128xf32>, %b: tensor<128x256xf32>) -> tensor<2x64x256xf32> {
  %0 = npg.matmul %a, %b : tensor<2x64x128xf32>, tensor<128x256xf32> -> tensor<2x64x256xf32>
  return %0 : tensor<2x64x256xf32>
}

func.func @loss(%x: tensor<64x256xf64>, %y: tensor<64x256xf64>) -> tensor<f64> {
  %0 = npg.sub %x, %y : tensor<64x256xf64>
  %1 = npg.mul %0, %0 : tensor<64x256xf64>
  %2 = npg.reduce_sum %1, axes = [0, 1], keepdims = false : tensor<64x256xf64> -> tensor<f64>
  return %2 : tensor<f64>
}

func.func @row_max(%x: tensor<64x256xf32>) -> tensor<64xf32> {
  %0 = npg.reduce_max %x, axes = [1], keepdims = false : tensor<64x256xf32> -> tensor<64xf32>
  return %0 : tensor<64xf32>
}

func.func @col_sum(%x: tensor<64x256xf64>) -> tensor<256xf64> {
  %0 = npg.exp %x : tensor<64x256xf64>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<64x256xf64> -> tensor<256xf64>
  return %1 : tensor<256xf64>
}

func.func @value_and_grad(%x: tensor<4096xf32>) -> (tensor<f32>, tensor<4096xf32>) {
  %0 = npg.tanh %x : tensor<4096xf32>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<4096xf32> -> tensor<f32>
  %2 = npg.mul %0, %0 : tensor<4096xf32>
  return %1, %2 : tensor<f32>, tensor<4096xf32>
}

func.func @value_and_grad_f64(%x: tensor<4096xf64>, %c: tensor<4096xf64>) -> (tensor<f64>, tensor<4096xf64>) {
  %0 = npg.mul %x, %c : tensor<4096xf64>
  %1 = npg.mul %0, %x : tensor<4096xf64>
  %2 = npg.reduce_sum %1, axes = [0], keepdims = false : tensor<4096xf64> -> tensor<f64>
  %3 = npg.add %0, %0 : tensor<4096xf64>
  return %2, %3 : tensor<f64>, tensor<4096xf64>
}

func.func @row_sums_and_map_f64(%x: tensor<64x256xf64>) -> (tensor<64xf64>, tensor<64x256xf64>) {
  %0 = npg.mul %x, %x : tensor<64x256xf64>
  %1 = npg.reduce_sum %0, axes = [1], keepdims = false : tensor<64x256xf64> -> tensor<64xf64>
  %2 = npg.add %0, %x : tensor<64x256xf64>
  return %1, %2 : tensor<64xf64>, tensor<64x256xf64>
}
