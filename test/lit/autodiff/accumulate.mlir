// A value used several times gets the sum of its uses' gradients.
// RUN: npg-opt %s -npg-autodiff="recompute-elementwise=false" | FileCheck %s
// These checks read the residuals: recompute-elementwise=false keeps the
// forward values the backward needs as residuals (recompute.mlir covers
// the default).

// y = e * e + e with e = exp(x): e's adjoint is g*e + g*e + g, then x's is
// that times e.
// CHECK-LABEL: func.func @f_fwd(%arg0: tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>)
// CHECK-NEXT:    %[[E:.*]] = npg.exp %arg0
// CHECK-NEXT:    %[[SQ:.*]] = npg.mul %[[E]], %[[E]]
// CHECK-NEXT:    %[[Y:.*]] = npg.add %[[SQ]], %[[E]]
// CHECK-NEXT:    return %[[Y]], %[[E]]
// CHECK-LABEL: func.func @f_bwd(%arg0: tensor<3xf64>, %arg1: tensor<3xf64>) -> tensor<3xf64>
// CHECK-NEXT:    %[[T:.*]] = npg.mul %arg1, %arg0
// CHECK-NEXT:    %[[A1:.*]] = npg.add %arg1, %[[T]]
// CHECK-NEXT:    %[[A2:.*]] = npg.add %[[A1]], %[[T]]
// CHECK-NEXT:    %[[GX:.*]] = npg.mul %[[A2]], %arg0
// CHECK-NEXT:    return %[[GX]]
func.func @f(%x: tensor<3xf64> {npg.requires_grad}) -> tensor<3xf64> {
  %e = npg.exp %x : tensor<3xf64>
  %sq = npg.mul %e, %e : tensor<3xf64>
  %y = npg.add %sq, %e : tensor<3xf64>
  return %y : tensor<3xf64>
}

// An argument used directly by two results accumulates across them; the
// same value returned twice gets both gradients.
// CHECK-LABEL: func.func @twice_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[G:.*]] = npg.add %arg0, %arg1
// CHECK-NEXT:    return %[[G]]
func.func @twice(%x: tensor<3xf32> {npg.requires_grad}) -> (tensor<3xf32>, tensor<3xf32>) {
  return %x, %x : tensor<3xf32>, tensor<3xf32>
}
