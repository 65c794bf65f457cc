// A static shape whose element count overflows int64 wrapped in
// getNumElements(): tensor<4294967296x4294967296xf32> "had" 0 elements, so a
// reshape of it to tensor<0xf32> verified, and every pass then worked on
// nonsense. npg tensor types now require the product of the nonzero extents
// to fit in int64. Found by probing the verifiers' bounds while the IR fuzzer
// ran (test/fuzz-ir).
// RUN: not npg-opt %s -split-input-file 2>&1 | FileCheck %s

// CHECK: error: 'npg.reshape' op operand #0 must be statically shaped tensor of f32, f64, i1, i32 or i64, but got 'tensor<4294967296x4294967296xf32>'
func.func @reshape(%x: tensor<4294967296x4294967296xf32>) -> tensor<0xf32> {
  %0 = npg.reshape %x : tensor<4294967296x4294967296xf32> to tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

// Also when another extent is 0 (the count is 0, but computing it overflows).
// CHECK: error: 'npg.broadcast_to' op result #0 must be statically shaped tensor of f32, f64, i1, i32 or i64, but got 'tensor<4294967296x4294967296x0xf32>'
func.func @broadcast(%x: tensor<1xf32>) -> tensor<4294967296x4294967296x0xf32> {
  %0 = npg.broadcast_to %x, dims = [1] : tensor<1xf32> to tensor<4294967296x4294967296x0xf32>
  return %0 : tensor<4294967296x4294967296x0xf32>
}

// -----

// The largest count that fits is fine (nothing is allocated at this level).
// CHECK-NOT: error
func.func @largest(%x: tensor<1xf32>) -> tensor<f32> {
  %0 = npg.broadcast_to %x, dims = [1] : tensor<1xf32> to tensor<4611686018427387904x1xf32>
  %1 = "npg.reduce_sum"(%0) <{axes = array<i64: 0, 1>}> : (tensor<4611686018427387904x1xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
