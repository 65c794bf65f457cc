// matmul's gradients are matmuls with transposed operands (numpy rules:
// 1-D operands, batch broadcasting summed back).
// RUN: npg-opt %s -npg-autodiff | FileCheck %s

// CHECK-LABEL: func.func @mm_bwd(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>, %arg2: tensor<2x4xf32>) -> (tensor<2x3xf32>, tensor<3x4xf32>)
// CHECK-NEXT:    %[[BT:.*]] = npg.transpose %arg1, perm = [1, 0] : tensor<3x4xf32> -> tensor<4x3xf32>
// CHECK-NEXT:    %[[GA:.*]] = npg.matmul %arg2, %[[BT]] : tensor<2x4xf32>, tensor<4x3xf32> -> tensor<2x3xf32>
// CHECK-NEXT:    %[[AT:.*]] = npg.transpose %arg0, perm = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
// CHECK-NEXT:    %[[GB:.*]] = npg.matmul %[[AT]], %arg2 : tensor<3x2xf32>, tensor<2x4xf32> -> tensor<3x4xf32>
// CHECK-NEXT:    return %[[GA]], %[[GB]]
func.func @mm(%a: tensor<2x3xf32> {npg.requires_grad}, %b: tensor<3x4xf32> {npg.requires_grad}) -> tensor<2x4xf32> {
  %0 = npg.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// Batched lhs, 1-D rhs: the rhs is a [3, 1] column, the gradient a
// [5, 2, 1] batch; the rhs's gradient sums over the batch.
// CHECK-LABEL: func.func @mv_bwd(%arg0: tensor<5x2x3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<5x2xf32>) -> (tensor<5x2x3xf32>, tensor<3xf32>)
// CHECK-NEXT:    %[[G:.*]] = npg.reshape %arg2 : tensor<5x2xf32> to tensor<5x2x1xf32>
// CHECK-NEXT:    %[[ROW:.*]] = npg.reshape %arg1 : tensor<3xf32> to tensor<1x3xf32>
// CHECK-NEXT:    %[[GA:.*]] = npg.matmul %[[G]], %[[ROW]] : tensor<5x2x1xf32>, tensor<1x3xf32> -> tensor<5x2x3xf32>
// CHECK-NEXT:    %[[AT:.*]] = npg.transpose %arg0, perm = [0, 2, 1] : tensor<5x2x3xf32> -> tensor<5x3x2xf32>
// CHECK-NEXT:    %[[P:.*]] = npg.matmul %[[AT]], %[[G]] : tensor<5x3x2xf32>, tensor<5x2x1xf32> -> tensor<5x3x1xf32>
// CHECK-NEXT:    %[[S:.*]] = npg.reduce_sum %[[P]], axes = [0], keepdims = false : tensor<5x3x1xf32> -> tensor<3x1xf32>
// CHECK-NEXT:    %[[GB:.*]] = npg.reshape %[[S]] : tensor<3x1xf32> to tensor<3xf32>
// CHECK-NEXT:    return %[[GA]], %[[GB]]
func.func @mv(%a: tensor<5x2x3xf32> {npg.requires_grad}, %b: tensor<3xf32> {npg.requires_grad}) -> tensor<5x2xf32> {
  %0 = npg.matmul %a, %b : tensor<5x2x3xf32>, tensor<3xf32> -> tensor<5x2xf32>
  return %0 : tensor<5x2xf32>
}

// A vector dot product gives a 0-d result.
// CHECK-LABEL: func.func @dot_bwd(%arg0: tensor<3xf64>, %arg1: tensor<3xf64>, %arg2: tensor<f64>) -> (tensor<3xf64>, tensor<3xf64>)
// CHECK-NEXT:    %[[G:.*]] = npg.reshape %arg2 : tensor<f64> to tensor<1x1xf64>
// CHECK-NEXT:    %[[BR:.*]] = npg.reshape %arg1 : tensor<3xf64> to tensor<1x3xf64>
// CHECK-NEXT:    %[[GA2:.*]] = npg.matmul %[[G]], %[[BR]] : tensor<1x1xf64>, tensor<1x3xf64> -> tensor<1x3xf64>
// CHECK-NEXT:    %[[GA:.*]] = npg.reshape %[[GA2]] : tensor<1x3xf64> to tensor<3xf64>
// CHECK-NEXT:    %[[AC:.*]] = npg.reshape %arg0 : tensor<3xf64> to tensor<3x1xf64>
// CHECK-NEXT:    %[[GB2:.*]] = npg.matmul %[[AC]], %[[G]] : tensor<3x1xf64>, tensor<1x1xf64> -> tensor<3x1xf64>
// CHECK-NEXT:    %[[GB:.*]] = npg.reshape %[[GB2]] : tensor<3x1xf64> to tensor<3xf64>
// CHECK-NEXT:    return %[[GA]], %[[GB]]
func.func @dot(%a: tensor<3xf64> {npg.requires_grad}, %b: tensor<3xf64> {npg.requires_grad}) -> tensor<f64> {
  %0 = npg.matmul %a, %b : tensor<3xf64>, tensor<3xf64> -> tensor<f64>
  return %0 : tensor<f64>
}

// A 2-D lhs against a batch: the lhs's gradient sums over the batch.
// CHECK-LABEL: func.func @batch_bwd(%arg0: tensor<2x3xf32>, %arg1: tensor<4x3x5xf32>, %arg2: tensor<4x2x5xf32>) -> (tensor<2x3xf32>, tensor<4x3x5xf32>)
// CHECK-NEXT:    %[[BT:.*]] = npg.transpose %arg1, perm = [0, 2, 1]
// CHECK-NEXT:    %[[P:.*]] = npg.matmul %arg2, %[[BT]] : tensor<4x2x5xf32>, tensor<4x5x3xf32> -> tensor<4x2x3xf32>
// CHECK-NEXT:    %[[GA:.*]] = npg.reduce_sum %[[P]], axes = [0], keepdims = false : tensor<4x2x3xf32> -> tensor<2x3xf32>
// CHECK-NEXT:    %[[AT:.*]] = npg.transpose %arg0, perm = [1, 0]
// CHECK-NEXT:    %[[GB:.*]] = npg.matmul %[[AT]], %arg2 : tensor<3x2xf32>, tensor<4x2x5xf32> -> tensor<4x3x5xf32>
// CHECK-NEXT:    return %[[GA]], %[[GB]]
func.func @batch(%a: tensor<2x3xf32> {npg.requires_grad}, %b: tensor<4x3x5xf32> {npg.requires_grad}) -> tensor<4x2x5xf32> {
  %0 = npg.matmul %a, %b : tensor<2x3xf32>, tensor<4x3x5xf32> -> tensor<4x2x5xf32>
  return %0 : tensor<4x2x5xf32>
}

// Batch dimensions broadcast from size 1 or missing are summed with
// keepdims off, then a reshape restores the size-1 ones.
// CHECK-LABEL: func.func @batch_ones_bwd(
// CHECK:         npg.reduce_sum %{{.*}}, axes = [0, 2], keepdims = false : tensor<2x3x4x2x5xf32> -> tensor<3x2x5xf32>
// CHECK-NEXT:    npg.reshape %{{.*}} : tensor<3x2x5xf32> to tensor<3x1x2x5xf32>
// CHECK:         npg.reduce_sum %{{.*}}, axes = [1], keepdims = false : tensor<2x3x4x5x2xf32> -> tensor<2x4x5x2xf32>
// CHECK-NEXT:    npg.reshape %{{.*}} : tensor<2x4x5x2xf32> to tensor<2x1x4x5x2xf32>
func.func @batch_ones(%a: tensor<3x1x2x5xf32> {npg.requires_grad}, %b: tensor<2x1x4x5x2xf32> {npg.requires_grad}) -> tensor<2x3x4x2x2xf32> {
  %0 = npg.matmul %a, %b : tensor<3x1x2x5xf32>, tensor<2x1x4x5x2xf32> -> tensor<2x3x4x2x2xf32>
  return %0 : tensor<2x3x4x2x2xf32>
}
