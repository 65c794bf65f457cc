// Shape ops: slice (into zeros with npg.insert_slice, negative steps too),
// transpose (inverse permutation), reshape, concat (slices of the gradient).
// RUN: npg-opt %s -npg-autodiff | FileCheck %s

// CHECK-LABEL: func.func @f_fwd(%arg0: tensor<4x3xf32>) -> (tensor<3x2xf32>, tensor<6xf32>)
// CHECK:         %[[R:.*]] = npg.reshape %{{.*}} : tensor<3x2xf32> to tensor<6xf32>
// CHECK:         return %{{.*}}, %[[R]] : tensor<3x2xf32>, tensor<6xf32>
// CHECK-LABEL: func.func @f_bwd(%arg0: tensor<6xf32>, %arg1: tensor<3x2xf32>) -> tensor<4x3xf32>
// CHECK-NEXT:    %[[Z:.*]] = npg.constant dense<0.000000e+00> : tensor<4x3xf32>
// CHECK-NEXT:    %[[G1:.*]] = npg.reshape %arg1 : tensor<3x2xf32> to tensor<6xf32>
// CHECK-NEXT:    %[[C:.*]] = npg.cos %arg0
// CHECK-NEXT:    %[[G2:.*]] = npg.mul %[[G1]], %[[C]]
// CHECK-NEXT:    %[[G3:.*]] = npg.reshape %[[G2]] : tensor<6xf32> to tensor<3x2xf32>
// CHECK-NEXT:    %[[G4:.*]] = npg.transpose %[[G3]], perm = [1, 0] : tensor<3x2xf32> -> tensor<2x3xf32>
// CHECK-NEXT:    %[[G5:.*]] = npg.insert_slice %[[G4]] into %[[Z]], starts = [3, 0], limits = [-1, 3], steps = [-2, 1] : tensor<2x3xf32> into tensor<4x3xf32>
// CHECK-NEXT:    return %[[G5]]
func.func @f(%x: tensor<4x3xf32> {npg.requires_grad}) -> tensor<3x2xf32> {
  %0 = npg.slice %x, starts = [3, 0], limits = [-1, 3], steps = [-2, 1] : tensor<4x3xf32> -> tensor<2x3xf32>
  %1 = npg.transpose %0, perm = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %2 = npg.reshape %1 : tensor<3x2xf32> to tensor<6xf32>
  %3 = npg.sin %2 : tensor<6xf32>
  %4 = npg.reshape %3 : tensor<6xf32> to tensor<3x2xf32>
  return %4 : tensor<3x2xf32>
}

// A 3-D permutation's inverse.
// CHECK-LABEL: func.func @perm_bwd(%arg0: tensor<4x2x3xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    npg.transpose %arg0, perm = [1, 2, 0] : tensor<4x2x3xf32> -> tensor<2x3x4xf32>
func.func @perm(%x: tensor<2x3x4xf32> {npg.requires_grad}) -> tensor<4x2x3xf32> {
  %0 = npg.transpose %x, perm = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// concat: each input's gradient is its block of the result's.
// CHECK-LABEL: func.func @cat_bwd(%arg0: tensor<2x5xf32>) -> (tensor<2x3xf32>, tensor<2x2xf32>)
// CHECK-NEXT:    %[[A:.*]] = npg.slice %arg0, starts = [0, 0], limits = [2, 3], steps = [1, 1] : tensor<2x5xf32> -> tensor<2x3xf32>
// CHECK-NEXT:    %[[B:.*]] = npg.slice %arg0, starts = [0, 3], limits = [2, 5], steps = [1, 1] : tensor<2x5xf32> -> tensor<2x2xf32>
// CHECK-NEXT:    return %[[A]], %[[B]]
func.func @cat(%a: tensor<2x3xf32> {npg.requires_grad}, %b: tensor<2x2xf32> {npg.requires_grad}) -> tensor<2x5xf32> {
  %0 = npg.concat %a, %b, axis = 1 : tensor<2x3xf32>, tensor<2x2xf32> -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// insert_slice (as a backward contains it): the source's gradient is the
// slice, dest's is the gradient with the slice zeroed.
// CHECK-LABEL: func.func @ins_bwd(%arg0: tensor<5xf32>) -> (tensor<2xf32>, tensor<5xf32>)
// CHECK-NEXT:    %[[Z:.*]] = npg.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK-NEXT:    %[[GS:.*]] = npg.slice %arg0, starts = [4], limits = [0], steps = [-3]
// CHECK-NEXT:    %[[GD:.*]] = npg.insert_slice %[[Z]] into %arg0, starts = [4], limits = [0], steps = [-3] : tensor<2xf32> into tensor<5xf32>
// CHECK-NEXT:    return %[[GS]], %[[GD]]
func.func @ins(%s: tensor<2xf32> {npg.requires_grad}, %d: tensor<5xf32> {npg.requires_grad}) -> tensor<5xf32> {
  %0 = npg.insert_slice %s into %d, starts = [4], limits = [0], steps = [-3] : tensor<2xf32> into tensor<5xf32>
  return %0 : tensor<5xf32>
}
