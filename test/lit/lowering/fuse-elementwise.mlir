// RUN: npg-opt %s -convert-npg-to-linalg -npg-fuse-elementwise -split-input-file | FileCheck %s

// An elementwise chain ending in a reduction that reads each element once
// is one generic (then the float64 sum is rounded to float32).
// CHECK-LABEL: func.func @chain_into_sum
// CHECK:         linalg.generic
// CHECK-SAME:      iterator_types = ["reduction", "reduction"]
// CHECK-SAME:      ins(%arg0 : tensor<8x4xf32>)
// CHECK:           math.tanh
// CHECK:           arith.mulf
// CHECK:         linalg.generic
// CHECK-SAME:      iterator_types = []
// CHECK-NOT:     linalg.generic
func.func @chain_into_sum(%x: tensor<8x4xf32>) -> tensor<f32> {
  %t = npg.tanh %x : tensor<8x4xf32>
  %m = npg.mul %t, %x : tensor<8x4xf32>
  %s = npg.reduce_sum %m, axes = [0, 1], keepdims = false : tensor<8x4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// -----

// A matmul reads each element of A once per column of B: tanh(A) stays its
// own loop rather than running 16 times per element, and the product stays
// the plain multiply-add that npg-matmul-to-blas recognises.
// CHECK-LABEL: func.func @tanh_into_matmul
// CHECK:         %[[T:.*]] = linalg.generic
// CHECK-SAME:      iterator_types = ["parallel", "parallel"]
// CHECK:           math.tanh
// CHECK:         linalg.generic
// CHECK-SAME:      iterator_types = ["parallel", "reduction", "parallel"]
// CHECK-SAME:      ins(%[[T]], %arg1 :
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      arith.mulf
// CHECK-NEXT:      arith.addf
// CHECK-NEXT:      linalg.yield
func.func @tanh_into_matmul(%a: tensor<8x4xf32>, %b: tensor<4x16xf32>) -> tensor<8x16xf32> {
  %t = npg.tanh %a : tensor<8x4xf32>
  %p = npg.matmul %t, %b : tensor<8x4xf32>, tensor<4x16xf32> -> tensor<8x16xf32>
  return %p : tensor<8x16xf32>
}

// -----

// A transpose only moves elements: it fuses into the product as a permuted
// indexing map, and no transposed copy is made.
// CHECK-DAG: #[[KI:.*]] = affine_map<(d0, d1, d2) -> (d1, d0)>
// CHECK-LABEL: func.func @transpose_into_matmul
// CHECK:         linalg.generic {indexing_maps = [#[[KI]], {{.*}}], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME:      ins(%arg0, %arg1 :
// CHECK-NOT:     linalg.generic
func.func @transpose_into_matmul(%a: tensor<4x8xf32>, %b: tensor<4x16xf32>) -> tensor<8x16xf32> {
  %t = npg.transpose %a, perm = [1, 0] : tensor<4x8xf32> -> tensor<8x4xf32>
  %p = npg.matmul %t, %b : tensor<8x4xf32>, tensor<4x16xf32> -> tensor<8x16xf32>
  return %p : tensor<8x16xf32>
}

// -----

// Broadcast into an elementwise consumer: plain arithmetic repeats cheaply
// and fuses; a math function would run once per broadcast copy, so log(s)
// stays a loop over the small operand.
// CHECK-LABEL: func.func @cheap_and_costly_broadcast
// CHECK:         %[[L:.*]] = linalg.generic
// CHECK-SAME:      ins(%arg1 : tensor<8x1xf32>)
// CHECK:           math.log
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%arg0, %arg1, %[[L]] :
// CHECK:           arith.mulf
// CHECK:           arith.subf
// CHECK-NOT:     linalg.generic
func.func @cheap_and_costly_broadcast(%x: tensor<8x4xf32>, %s: tensor<8x1xf32>) -> tensor<8x4xf32> {
  %d = npg.mul %s, %s : tensor<8x1xf32>
  %db = npg.broadcast_to %d, dims = [0, 1] : tensor<8x1xf32> to tensor<8x4xf32>
  %l = npg.log %s : tensor<8x1xf32>
  %lb = npg.broadcast_to %l, dims = [0, 1] : tensor<8x1xf32> to tensor<8x4xf32>
  %y = npg.sub %x, %db : tensor<8x4xf32>
  %z = npg.sub %y, %lb : tensor<8x4xf32>
  return %z : tensor<8x4xf32>
}

// -----

// A producer with another user stays, unless it only moves elements.
// CHECK-LABEL: func.func @shared_producer
// CHECK:         %[[E:.*]] = linalg.generic
// CHECK:           math.exp
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[E]] :
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[E]] :
func.func @shared_producer(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %e = npg.exp %x : tensor<8xf32>
  %a = npg.mul %e, %e : tensor<8xf32>
  %b = npg.neg %e : tensor<8xf32>
  return %a, %b : tensor<8xf32>, tensor<8xf32>
}

// -----

// A consumer that reads a producer's result through two operands (here
// t[i][j] * t[j][i]) would get a copy of the producer's body per operand,
// and along a recurrence the copies multiply exponentially. tanh is
// materialised once and read twice; a small body of plain arithmetic
// (x + x) is copied.
// CHECK-LABEL: func.func @read_twice
// CHECK:         %[[T:.*]] = linalg.generic
// CHECK-COUNT-1:   math.tanh
// CHECK-NOT:       math.tanh
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[T]], %[[T]] :
// CHECK-NOT:       math.tanh
// CHECK:         linalg.yield
// CHECK-LABEL: func.func @small_body_read_twice
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%arg0, %arg0 :
// CHECK-COUNT-2:   arith.addf
// CHECK:           arith.mulf
// CHECK-NOT:     linalg.generic
func.func @read_twice(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %t = npg.tanh %x : tensor<4x4xf32>
  %tt = npg.transpose %t, perm = [1, 0] : tensor<4x4xf32> -> tensor<4x4xf32>
  %m = npg.mul %t, %tt : tensor<4x4xf32>
  return %m : tensor<4x4xf32>
}
func.func @small_body_read_twice(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %t = npg.add %x, %x : tensor<4x4xf32>
  %tt = npg.transpose %t, perm = [1, 0] : tensor<4x4xf32> -> tensor<4x4xf32>
  %m = npg.mul %t, %tt : tensor<4x4xf32>
  return %m : tensor<4x4xf32>
}

// -----

// A reshape of a matmul's result is not folded into the product: the
// contraction stays 2-D, so npg-matmul-to-blas still recognises it (as a
// (O, K) x (K, N*L) convolution product reshaped to (O, N, oH, oW) must be).
// The reshape stays between the product and its consumer.
// CHECK-LABEL: func.func @matmul_then_reshape
// CHECK:         linalg.generic
// CHECK-SAME:      iterator_types = ["parallel", "reduction", "parallel"]
// CHECK-SAME:      ins(%{{.*}}, %{{.*}} : tensor<4x6xf32>, tensor<6x12xf32>) outs(%{{.*}} : tensor<4x12xf32>)
// CHECK:         tensor.expand_shape %{{.*}} output_shape [4, 3, 4] : tensor<4x12xf32> into tensor<4x3x4xf32>
func.func @matmul_then_reshape(%w: tensor<4x6xf32>, %c: tensor<6x12xf32>) -> tensor<4x3x4xf32> {
  %p = npg.matmul %w, %c : tensor<4x6xf32>, tensor<6x12xf32> -> tensor<4x12xf32>
  %r = npg.reshape %p : tensor<4x12xf32> to tensor<4x3x4xf32>
  %t = npg.tanh %r : tensor<4x3x4xf32>
  return %t : tensor<4x3x4xf32>
}
