// x * y: each operand's gradient is the incoming gradient times the other
// operand, so both operands become residuals. @f itself stays as it is.
// RUN: npg-opt %s -npg-autodiff | FileCheck %s

// CHECK-LABEL: func.func @f(%arg0: tensor<2x3xf32> {npg.requires_grad}, %arg1: tensor<2x3xf32> {npg.requires_grad}) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[P:.*]] = npg.mul %arg0, %arg1
// CHECK-NEXT:    return %[[P]]

// The forward returns the result, then the residuals; npg.requires_grad is
// not copied.
// CHECK-LABEL: func.func @f_fwd(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK-NEXT:    %[[P:.*]] = npg.mul %arg0, %arg1 : tensor<2x3xf32>
// CHECK-NEXT:    return %[[P]], %arg0, %arg1

// The backward takes the residuals, then the result's gradient.
// CHECK-LABEL: func.func @f_bwd(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>, %arg2: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK-NEXT:    %[[GX:.*]] = npg.mul %arg2, %arg1 : tensor<2x3xf32>
// CHECK-NEXT:    %[[GY:.*]] = npg.mul %arg2, %arg0 : tensor<2x3xf32>
// CHECK-NEXT:    return %[[GX]], %[[GY]]
func.func @f(%x: tensor<2x3xf32> {npg.requires_grad}, %y: tensor<2x3xf32> {npg.requires_grad}) -> tensor<2x3xf32> {
  %0 = npg.mul %x, %y : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// Only marked arguments get a gradient, and only what their gradient needs
// is saved.
// CHECK-LABEL: func.func @one_side_fwd(%arg0: tensor<3xf64>, %arg1: tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>)
// CHECK-NEXT:    %[[P:.*]] = npg.mul %arg0, %arg1
// CHECK-NEXT:    return %[[P]], %arg0
// CHECK-LABEL: func.func @one_side_bwd(%arg0: tensor<3xf64>, %arg1: tensor<3xf64>) -> tensor<3xf64>
// CHECK-NEXT:    %[[G:.*]] = npg.mul %arg1, %arg0
// CHECK-NEXT:    return %[[G]] : tensor<3xf64>
func.func @one_side(%x: tensor<3xf64>, %y: tensor<3xf64> {npg.requires_grad}) -> tensor<3xf64> {
  %0 = npg.mul %x, %y : tensor<3xf64>
  return %0 : tensor<3xf64>
}

// Functions without a marked argument are left alone.
// CHECK-LABEL: func.func @plain(
// CHECK-NOT:   func.func @plain_fwd
// CHECK-NOT:   func.func @plain_bwd
func.func @plain(%x: tensor<3xf64>) -> tensor<3xf64> {
  %0 = npg.mul %x, %x : tensor<3xf64>
  return %0 : tensor<3xf64>
}
