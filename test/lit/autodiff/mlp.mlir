// A traced MLP layer, mean(tanh(x @ W + b)), differentiated for W and b:
// tanh's derivative reads tanh's result, the bias gradient sums over the
// batch, W's is x^T @ (the gradient before the bias).
// RUN: npg-opt %s -npg-autodiff | FileCheck %s

// CHECK-LABEL: func.func @layer_fwd(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>, %arg2: tensor<4xf32>) -> (tensor<f32>, tensor<2x4xf32>, tensor<2x3xf32>)
// CHECK:         %[[T:.*]] = npg.tanh
// CHECK:         return %{{.*}}, %[[T]], %arg0 : tensor<f32>, tensor<2x4xf32>, tensor<2x3xf32>

// CHECK-LABEL: func.func @layer_bwd(%arg0: tensor<2x4xf32>, %arg1: tensor<2x3xf32>, %arg2: tensor<f32>) -> (tensor<3x4xf32>, tensor<4xf32>)
// CHECK-DAG:     %[[ONE:.*]] = npg.constant dense<1.000000e+00> : tensor<2x4xf32>
// CHECK-DAG:     %[[N:.*]] = npg.constant dense<8.000000e+00> : tensor<f32>
// CHECK:         %[[GM:.*]] = npg.div %arg2, %[[N]] : tensor<f32>
// CHECK-NEXT:    %[[GT:.*]] = npg.broadcast_to %[[GM]], dims = [] : tensor<f32> to tensor<2x4xf32>
// CHECK-NEXT:    %[[T2:.*]] = npg.mul %arg0, %arg0
// CHECK-NEXT:    %[[D:.*]] = npg.sub %[[ONE]], %[[T2]]
// CHECK-NEXT:    %[[GA:.*]] = npg.mul %[[GT]], %[[D]]
// CHECK-NEXT:    %[[GB:.*]] = npg.reduce_sum %[[GA]], axes = [0], keepdims = false : tensor<2x4xf32> -> tensor<4xf32>
// CHECK-NEXT:    %[[XT:.*]] = npg.transpose %arg1, perm = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
// CHECK-NEXT:    %[[GW:.*]] = npg.matmul %[[XT]], %[[GA]] : tensor<3x2xf32>, tensor<2x4xf32> -> tensor<3x4xf32>
// CHECK-NEXT:    return %[[GW]], %[[GB]] : tensor<3x4xf32>, tensor<4xf32>
func.func @layer(%x: tensor<2x3xf32>, %w: tensor<3x4xf32> {npg.requires_grad}, %b: tensor<4xf32> {npg.requires_grad}) -> tensor<f32> {
  %0 = npg.matmul %x, %w : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  %1 = npg.broadcast_to %b, dims = [1] : tensor<4xf32> to tensor<2x4xf32>
  %2 = npg.add %0, %1 : tensor<2x4xf32>
  %3 = npg.tanh %2 : tensor<2x4xf32>
  %4 = npg.reduce_sum %3, axes = [0, 1], keepdims = false : tensor<2x4xf32> -> tensor<f32>
  %5 = npg.constant dense<8.0> : tensor<f32>
  %6 = npg.div %4, %5 : tensor<f32>
  return %6 : tensor<f32>
}
