// value-and-grad: a function whose only result is a one-element float
// tensor also gets @f_value_and_grad, @f_fwd and @f_bwd (seeded with 1) in
// one function, where the backward's recomputed values are the forward's.
// RUN: npg-opt %s -npg-autodiff="value-and-grad=true" | FileCheck %s
// RUN: npg-opt %s -npg-autodiff | FileCheck %s --check-prefix=OFF

// CHECK-LABEL: func.func @chain_bwd
// CHECK-LABEL: func.func @chain_value_and_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK-DAG:     %[[ONE:.*]] = npg.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-DAG:     %[[T:.*]] = npg.tanh %arg0
// CHECK-DAG:     %[[N:.*]] = npg.neg %arg0
// CHECK-DAG:     %[[E:.*]] = npg.exp %[[N]]
// CHECK:         %[[P:.*]] = npg.mul %[[T]], %[[E]]
// CHECK:         %[[Q:.*]] = npg.mul %[[P]], %arg1
// CHECK:         %[[S:.*]] = npg.reduce_sum %[[Q]]
// CHECK-NOT:     npg.tanh
// CHECK-NOT:     npg.exp
// CHECK:         %[[TT:.*]] = npg.mul %[[T]], %[[T]]
// CHECK:         %[[D:.*]] = npg.sub %[[ONE]], %[[TT]]
// CHECK:         return %[[S]], %{{.*}} : tensor<f32>, tensor<4xf32>
// OFF-NOT:     value_and_grad
func.func @chain(%x: tensor<4xf32> {npg.requires_grad}, %c: tensor<4xf32>) -> tensor<f32> {
  %t = npg.tanh %x : tensor<4xf32>
  %n = npg.neg %x : tensor<4xf32>
  %e = npg.exp %n : tensor<4xf32>
  %p = npg.mul %t, %e : tensor<4xf32>
  %q = npg.mul %p, %c : tensor<4xf32>
  %s = npg.reduce_sum %q, axes = [0], keepdims = false : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// A one-element result of any rank counts; the seed has its type.
// CHECK-LABEL: func.func @one_by_one_value_and_grad(%arg0: tensor<3xf64>) -> (tensor<1x1xf64>, tensor<3xf64>)
func.func @one_by_one(%x: tensor<3xf64> {npg.requires_grad}) -> tensor<1x1xf64> {
  %s = npg.reduce_sum %x, axes = [0], keepdims = false : tensor<3xf64> -> tensor<f64>
  %r = npg.reshape %s : tensor<f64> to tensor<1x1xf64>
  return %r : tensor<1x1xf64>
}

// Not for several results or a larger result.
// CHECK-NOT: func.func @two_results_value_and_grad
// CHECK-NOT: func.func @vector_value_and_grad
func.func @two_results(%x: tensor<3xf32> {npg.requires_grad}) -> (tensor<f32>, tensor<f32>) {
  %s = npg.reduce_sum %x, axes = [0], keepdims = false : tensor<3xf32> -> tensor<f32>
  return %s, %s : tensor<f32>, tensor<f32>
}
func.func @vector(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %e = npg.exp %x : tensor<3xf32>
  return %e : tensor<3xf32>
}
