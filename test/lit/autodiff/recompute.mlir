// By default, forward values that follow from the arguments by elementwise
// ops alone are recomputed in the backward, not saved: the only residual of
// sum(tanh(x) * exp(-x)) is x itself.
// RUN: npg-opt %s -npg-autodiff | FileCheck %s
// RUN: npg-opt %s -npg-autodiff="recompute-elementwise=false" | FileCheck %s --check-prefix=SAVED

// CHECK-LABEL: func.func @chain_fwd(%arg0: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK:         return %{{.*}}, %arg0 : tensor<f32>, tensor<4xf32>
// CHECK-LABEL: func.func @chain_bwd(%arg0: tensor<4xf32>, %arg1: tensor<f32>) -> tensor<4xf32>
// CHECK-DAG:     %[[T:.*]] = npg.tanh %arg0
// CHECK-DAG:     %[[N:.*]] = npg.neg %arg0
// CHECK-DAG:     %[[E:.*]] = npg.exp %[[N]]
// CHECK:         npg.mul %[[T]], %[[T]]
// SAVED-LABEL: func.func @chain_fwd(%arg0: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>, tensor<4xf32>)
// SAVED-LABEL: func.func @chain_bwd(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<f32>)
// SAVED-NOT:     npg.tanh
// SAVED-NOT:     npg.exp
// SAVED:         return
func.func @chain(%x: tensor<4xf32> {npg.requires_grad}) -> tensor<f32> {
  %t = npg.tanh %x : tensor<4xf32>
  %n = npg.neg %x : tensor<4xf32>
  %e = npg.exp %n : tensor<4xf32>
  %p = npg.mul %t, %e : tensor<4xf32>
  %s = npg.reduce_sum %p, axes = [0], keepdims = false : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// tanh of a matmul is not recomputed (the matmul is not elementwise): h is
// a residual and the backward has no tanh.
// CHECK-LABEL: func.func @layer_fwd(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>) -> (tensor<f32>, tensor<2x4xf32>, tensor<2x3xf32>)
// CHECK:         %[[M:.*]] = npg.matmul %arg0, %arg1
// CHECK:         %[[H:.*]] = npg.tanh %[[M]]
// CHECK:         return %{{.*}}, %[[H]], %arg0
// CHECK-LABEL: func.func @layer_bwd(%arg0: tensor<2x4xf32>, %arg1: tensor<2x3xf32>, %arg2: tensor<f32>) -> tensor<3x4xf32>
// CHECK-NOT:     npg.tanh
// CHECK:         npg.mul %arg0, %arg0
// CHECK:         return
func.func @layer(%x: tensor<2x3xf32>, %w: tensor<3x4xf32> {npg.requires_grad}) -> tensor<f32> {
  %m = npg.matmul %x, %w : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  %h = npg.tanh %m : tensor<2x4xf32>
  %sq = npg.mul %h, %h : tensor<2x4xf32>
  %s = npg.reduce_sum %sq, axes = [0, 1], keepdims = false : tensor<2x4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
