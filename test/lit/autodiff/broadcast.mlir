// Broadcasting's gradient sums over the broadcast dimensions.
// RUN: npg-opt %s -npg-autodiff | FileCheck %s

// x(N,M) + b(M): b's gradient is reduce_sum over axis 0; nothing is saved.
// CHECK-LABEL: func.func @bias_fwd(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-LABEL: func.func @bias_bwd(%arg0: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>)
// CHECK-NEXT:    %[[GB:.*]] = npg.reduce_sum %arg0, axes = [0], keepdims = false : tensor<2x3xf32> -> tensor<3xf32>
// CHECK-NEXT:    return %arg0, %[[GB]]
func.func @bias(%x: tensor<2x3xf32> {npg.requires_grad}, %b: tensor<3xf32> {npg.requires_grad}) -> tensor<2x3xf32> {
  %0 = npg.broadcast_to %b, dims = [1] : tensor<3xf32> to tensor<2x3xf32>
  %1 = npg.add %x, %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// x(N,M) * w(M): w's gradient sums g * x over axis 0; x's is g times the
// broadcast w. The residual is w itself, broadcast again in the backward:
// saving the broadcast would cost a buffer of x's size.
// CHECK-LABEL: func.func @scale_fwd(%arg0: tensor<2x3xf64>, %arg1: tensor<3xf64>) -> (tensor<2x3xf64>, tensor<2x3xf64>, tensor<3xf64>)
// CHECK-NEXT:    %[[W:.*]] = npg.broadcast_to %arg1, dims = [1] : tensor<3xf64> to tensor<2x3xf64>
// CHECK-NEXT:    %[[P:.*]] = npg.mul %arg0, %[[W]]
// CHECK-NEXT:    return %[[P]], %arg0, %arg1
// CHECK-LABEL: func.func @scale_bwd(%arg0: tensor<2x3xf64>, %arg1: tensor<3xf64>, %arg2: tensor<2x3xf64>) -> (tensor<2x3xf64>, tensor<3xf64>)
// CHECK-NEXT:    %[[WB:.*]] = npg.broadcast_to %arg1, dims = [1] : tensor<3xf64> to tensor<2x3xf64>
// CHECK-NEXT:    %[[GX:.*]] = npg.mul %arg2, %[[WB]] : tensor<2x3xf64>
// CHECK-NEXT:    %[[GWB:.*]] = npg.mul %arg2, %arg0 : tensor<2x3xf64>
// CHECK-NEXT:    %[[GW:.*]] = npg.reduce_sum %[[GWB]], axes = [0], keepdims = false : tensor<2x3xf64> -> tensor<3xf64>
// CHECK-NEXT:    return %[[GX]], %[[GW]]
func.func @scale(%x: tensor<2x3xf64> {npg.requires_grad}, %w: tensor<3xf64> {npg.requires_grad}) -> tensor<2x3xf64> {
  %0 = npg.broadcast_to %w, dims = [1] : tensor<3xf64> to tensor<2x3xf64>
  %1 = npg.mul %x, %0 : tensor<2x3xf64>
  return %1 : tensor<2x3xf64>
}

// Size-1 dimensions that broadcast are summed too (keeping nothing), then a
// reshape restores the operand's shape; a size-1 dimension that stays 1 is
// not summed.
// CHECK-LABEL: func.func @unit_dims_bwd(%arg0: tensor<4x2x3x1xf32>) -> tensor<2x1x1xf32>
// CHECK-NEXT:    %[[S:.*]] = npg.reduce_sum %arg0, axes = [0, 2], keepdims = false : tensor<4x2x3x1xf32> -> tensor<2x1xf32>
// CHECK-NEXT:    %[[R:.*]] = npg.reshape %[[S]] : tensor<2x1xf32> to tensor<2x1x1xf32>
// CHECK-NEXT:    return %[[R]]
func.func @unit_dims(%x: tensor<2x1x1xf32> {npg.requires_grad}) -> tensor<4x2x3x1xf32> {
  %0 = npg.broadcast_to %x, dims = [1, 2, 3] : tensor<2x1x1xf32> to tensor<4x2x3x1xf32>
  return %0 : tensor<4x2x3x1xf32>
}

// A scalar broadcast to a tensor: everything is summed.
// CHECK-LABEL: func.func @scalar_bwd(%arg0: tensor<2x3xf32>) -> tensor<f32>
// CHECK-NEXT:    %[[S:.*]] = npg.reduce_sum %arg0, axes = [0, 1], keepdims = false : tensor<2x3xf32> -> tensor<f32>
// CHECK-NEXT:    return %[[S]]
func.func @scalar(%s: tensor<f32> {npg.requires_grad}) -> tensor<2x3xf32> {
  %0 = npg.broadcast_to %s, dims = [] : tensor<f32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
