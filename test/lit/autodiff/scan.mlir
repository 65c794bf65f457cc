// linear_scan: its adjoint is a linear scan the other way, whose coefficient
// at each position is the next one's (a zero ends the chain: strong_zero);
// b's gradient is that scan, a_i's is it times the carried value before i.
// RUN: npg-opt %s -npg-autodiff="recompute-elementwise=false" | FileCheck %s

// CHECK-LABEL: func.func @scan_fwd(%arg0: tensor<2x3xf64>, %arg1: tensor<2x3xf64>) -> (tensor<2x3xf64>, tensor<2x3xf64>, tensor<2x3xf64>)
// CHECK-NEXT:    %[[S:.*]] = npg.linear_scan %arg0, %arg1, axis = 1, reverse = false, strong_zero = false
// CHECK-NEXT:    return %[[S]], %arg0, %[[S]]
// CHECK-LABEL: func.func @scan_bwd(%arg0: tensor<2x3xf64>, %arg1: tensor<2x3xf64>, %arg2: tensor<2x3xf64>) -> (tensor<2x3xf64>, tensor<2x3xf64>)
// CHECK-NEXT:    %[[Z:.*]] = npg.constant dense<0.000000e+00> : tensor<2x3xf64>
// CHECK-NEXT:    %[[LATER:.*]] = npg.slice %arg0, starts = [0, 1], limits = [2, 3], steps = [1, 1]
// CHECK-NEXT:    %[[NEXT:.*]] = npg.insert_slice %[[LATER]] into %[[Z]], starts = [0, 0], limits = [2, 2], steps = [1, 1]
// CHECK-NEXT:    %[[T:.*]] = npg.linear_scan %[[NEXT]], %arg2, axis = 1, reverse = true, strong_zero = true
// CHECK-NEXT:    %[[BEFORE:.*]] = npg.slice %arg1, starts = [0, 0], limits = [2, 2], steps = [1, 1]
// CHECK-NEXT:    %[[TL:.*]] = npg.slice %[[T]], starts = [0, 1], limits = [2, 3], steps = [1, 1]
// CHECK-NEXT:    %[[GA:.*]] = npg.mul %[[TL]], %[[BEFORE]]
// CHECK-NEXT:    %[[GAP:.*]] = npg.insert_slice %[[GA]] into %[[Z]], starts = [0, 1], limits = [2, 3], steps = [1, 1]
// CHECK-NEXT:    return %[[GAP]], %[[T]]
func.func @scan(%a: tensor<2x3xf64> {npg.requires_grad}, %b: tensor<2x3xf64> {npg.requires_grad}) -> tensor<2x3xf64> {
  %0 = npg.linear_scan %a, %b, axis = 1, reverse = false, strong_zero = false : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

// Reversed along axis 0: "later" in scan order is toward index 0.
// CHECK-LABEL: func.func @reversed_bwd(
// CHECK:         npg.slice %arg0, starts = [0, 0], limits = [3, 2], steps = [1, 1]
// CHECK-NEXT:    npg.insert_slice %{{.*}} into %{{.*}}, starts = [1, 0], limits = [4, 2], steps = [1, 1]
// CHECK-NEXT:    npg.linear_scan %{{.*}}, %{{.*}}, axis = 0, reverse = false, strong_zero = true
func.func @reversed(%a: tensor<4x2xf64> {npg.requires_grad}, %b: tensor<4x2xf64>) -> tensor<4x2xf64> {
  %0 = npg.linear_scan %a, %b, axis = 0, reverse = true, strong_zero = false : tensor<4x2xf64>
  return %0 : tensor<4x2xf64>
}
