// gather and scatter_add are each other's adjoint: a gather's gradient is
// scatter-added into zeros (repeated indices accumulate), a scatter_add
// passes the gradient to dest and gathers it for updates. The index tensor
// is inactive and becomes a residual of the forward function.
// RUN: npg-opt %s -npg-autodiff | FileCheck %s

// CHECK-LABEL: func.func @gather_fwd(%arg0: tensor<3x2xf32>, %arg1: tensor<4xi64>) -> (tensor<4x2xf32>, tensor<4x2xf32>, tensor<4xi64>)
// CHECK:         return %{{.*}}, %{{.*}}, %arg1 : tensor<4x2xf32>, tensor<4x2xf32>, tensor<4xi64>
// CHECK-LABEL: func.func @gather_bwd(%arg0: tensor<4x2xf32>, %arg1: tensor<4xi64>, %arg2: tensor<4x2xf32>) -> tensor<3x2xf32>
// CHECK-NEXT:    %[[Z:.*]] = npg.constant dense<0.000000e+00> : tensor<3x2xf32>
// CHECK-NEXT:    %[[M:.*]] = npg.mul %arg2, %arg0 : tensor<4x2xf32>
// CHECK-NEXT:    %[[G:.*]] = npg.add %[[M]], %[[M]] : tensor<4x2xf32>
// CHECK-NEXT:    %[[S:.*]] = npg.scatter_add %[[G]] into %[[Z]] at %arg1, axis = 0 : tensor<4x2xf32>, tensor<4xi64> into tensor<3x2xf32>
// CHECK-NEXT:    return %[[S]] : tensor<3x2xf32>
func.func @gather(%x: tensor<3x2xf32> {npg.requires_grad}, %i: tensor<4xi64>) -> tensor<4x2xf32> {
  %0 = npg.gather %x, %i, axis = 0 : tensor<3x2xf32>, tensor<4xi64> -> tensor<4x2xf32>
  %1 = npg.mul %0, %0 : tensor<4x2xf32>
  return %1 : tensor<4x2xf32>
}

// CHECK-LABEL: func.func @scatter_fwd(%arg0: tensor<3x2xf32>, %arg1: tensor<2x2xi32>, %arg2: tensor<3x2x2xf32>) -> (tensor<3x2xf32>, tensor<2x2xi32>)
// CHECK-LABEL: func.func @scatter_bwd(%arg0: tensor<2x2xi32>, %arg1: tensor<3x2xf32>) -> (tensor<3x2xf32>, tensor<3x2x2xf32>)
// CHECK-NEXT:    %[[U:.*]] = npg.gather %arg1, %arg0, axis = 1 : tensor<3x2xf32>, tensor<2x2xi32> -> tensor<3x2x2xf32>
// CHECK-NEXT:    return %arg1, %[[U]] : tensor<3x2xf32>, tensor<3x2x2xf32>
func.func @scatter(%d: tensor<3x2xf32> {npg.requires_grad}, %i: tensor<2x2xi32>, %u: tensor<3x2x2xf32> {npg.requires_grad}) -> tensor<3x2xf32> {
  %0 = npg.scatter_add %u into %d at %i, axis = 1 : tensor<3x2x2xf32>, tensor<2x2xi32> into tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
