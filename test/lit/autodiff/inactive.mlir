// Integer and i1 values carry no gradient; several outputs add their
// contributions; an argument the outputs do not depend on gets zeros.
// RUN: npg-opt %s -npg-autodiff="recompute-elementwise=false" | FileCheck %s

// The integer argument, though marked, is inactive: its gradient is integer
// zeros, the cast from it passes nothing back, and the integer result's
// incoming gradient (%arg2) is unused.
// CHECK-LABEL: func.func @ints_fwd(%arg0: tensor<3xf32>, %arg1: tensor<3xi64>) -> (tensor<3xf32>, tensor<3xi64>, tensor<3xf32>)
// CHECK:         %[[C:.*]] = npg.cast %arg1 : tensor<3xi64> to tensor<3xf32>
// CHECK:         return %{{.*}}, %{{.*}}, %[[C]]
// CHECK-LABEL: func.func @ints_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xi64>) -> (tensor<3xf32>, tensor<3xi64>)
// CHECK-NEXT:    %[[Z:.*]] = npg.constant dense<0> : tensor<3xi64>
// CHECK-NEXT:    %[[GX:.*]] = npg.mul %arg1, %arg0 : tensor<3xf32>
// CHECK-NEXT:    return %[[GX]], %[[Z]]
func.func @ints(%x: tensor<3xf32> {npg.requires_grad}, %i: tensor<3xi64> {npg.requires_grad}) -> (tensor<3xf32>, tensor<3xi64>) {
  %0 = npg.cast %i : tensor<3xi64> to tensor<3xf32>
  %1 = npg.mul %x, %0 : tensor<3xf32>
  %2 = npg.cast %x : tensor<3xf32> to tensor<3xi64>
  %3 = npg.add %2, %i : tensor<3xi64>
  return %1, %3 : tensor<3xf32>, tensor<3xi64>
}

// A comparison's i1 result is inactive: select's condition is saved, and
// the gradient goes to the chosen side only.
// CHECK-LABEL: func.func @masked_fwd(%arg0: tensor<4xf64>, %arg1: tensor<4xf64>) -> (tensor<4xf64>, tensor<4xi1>)
// CHECK-NEXT:    %[[C:.*]] = npg.compare gt, %arg0, %arg1
// CHECK-NEXT:    %[[S:.*]] = npg.select %[[C]], %arg0, %arg1
// CHECK-NEXT:    return %[[S]], %[[C]]
// CHECK-LABEL: func.func @masked_bwd(%arg0: tensor<4xi1>, %arg1: tensor<4xf64>) -> (tensor<4xf64>, tensor<4xf64>)
// CHECK-NEXT:    %[[Z:.*]] = npg.constant dense<0.000000e+00> : tensor<4xf64>
// CHECK-NEXT:    %[[GT:.*]] = npg.select %arg0, %arg1, %[[Z]]
// CHECK-NEXT:    %[[GF:.*]] = npg.select %arg0, %[[Z]], %arg1
// CHECK-NEXT:    return %[[GT]], %[[GF]]
func.func @masked(%a: tensor<4xf64> {npg.requires_grad}, %b: tensor<4xf64> {npg.requires_grad}) -> tensor<4xf64> {
  %c = npg.compare gt, %a, %b : tensor<4xf64>
  %0 = npg.select %c, %a, %b : tensor<4xi1>, tensor<4xf64>
  return %0 : tensor<4xf64>
}

// Two outputs: exp(x) and its sum. x's gradient adds both contributions;
// the unused marked argument %u gets zeros.
// CHECK-LABEL: func.func @multi_fwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> (tensor<3xf32>, tensor<f32>, tensor<3xf32>)
// CHECK-NEXT:    %[[E:.*]] = npg.exp %arg0
// CHECK-NEXT:    %[[S:.*]] = npg.reduce_sum %[[E]]
// CHECK-NEXT:    return %[[E]], %[[S]], %[[E]]
// CHECK-LABEL: func.func @multi_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<f32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT:    %[[Z:.*]] = npg.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[GS:.*]] = npg.broadcast_to %arg2, dims = [] : tensor<f32> to tensor<3xf32>
// CHECK-NEXT:    %[[GE:.*]] = npg.add %arg1, %[[GS]]
// CHECK-NEXT:    %[[GX:.*]] = npg.mul %[[GE]], %arg0
// CHECK-NEXT:    return %[[GX]], %[[Z]]
func.func @multi(%x: tensor<3xf32> {npg.requires_grad}, %u: tensor<3xf32> {npg.requires_grad}) -> (tensor<3xf32>, tensor<f32>) {
  %0 = npg.exp %x : tensor<3xf32>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<3xf32> -> tensor<f32>
  return %0, %1 : tensor<3xf32>, tensor<f32>
}

// Nothing depends on the marked argument: zeros, and no residuals.
// CHECK-LABEL: func.func @unused_fwd(%arg0: tensor<2xf64>, %arg1: tensor<2xf64>) -> tensor<2xf64>
// CHECK-LABEL: func.func @unused_bwd(%arg0: tensor<2xf64>) -> tensor<2xf64>
// CHECK-NEXT:    %[[Z:.*]] = npg.constant dense<0.000000e+00> : tensor<2xf64>
// CHECK-NEXT:    return %[[Z]]
func.func @unused(%x: tensor<2xf64>, %u: tensor<2xf64> {npg.requires_grad}) -> tensor<2xf64> {
  %0 = npg.exp %x : tensor<2xf64>
  return %0 : tensor<2xf64>
}

// Casts between float types cast the gradient back.
// CHECK-LABEL: func.func @widen_bwd(%arg0: tensor<3xf64>) -> tensor<3xf32>
// CHECK-NEXT:    %[[G:.*]] = npg.cast %arg0 : tensor<3xf64> to tensor<3xf32>
// CHECK-NEXT:    return %[[G]]
func.func @widen(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf64> {
  %0 = npg.cast %x : tensor<3xf32> to tensor<3xf64>
  return %0 : tensor<3xf64>
}

// argmax's i64 result is inactive: the index weighs the sum (saved, cast to
// f64), and no gradient goes back through the argmax itself.
// CHECK-LABEL: func.func @argmax_weight_fwd(%arg0: tensor<2x3xf64>) -> (tensor<2xf64>, tensor<2xf64>)
// CHECK-NEXT:    %[[I:.*]] = npg.argmax %arg0, axis = 1, keepdims = false
// CHECK-NEXT:    %[[W:.*]] = npg.cast %[[I]] : tensor<2xi64> to tensor<2xf64>
// CHECK:         return %{{.*}}, %[[W]]
// CHECK-LABEL: func.func @argmax_weight_bwd(%arg0: tensor<2xf64>, %arg1: tensor<2xf64>) -> tensor<2x3xf64>
// CHECK-NEXT:    %[[G:.*]] = npg.mul %arg1, %arg0 : tensor<2xf64>
// CHECK-NEXT:    %[[B:.*]] = npg.broadcast_to %[[G]], dims = [0] : tensor<2xf64> to tensor<2x3xf64>
// CHECK-NEXT:    return %[[B]]
func.func @argmax_weight(%x: tensor<2x3xf64> {npg.requires_grad}) -> tensor<2xf64> {
  %0 = npg.argmax %x, axis = 1, keepdims = false : tensor<2x3xf64> -> tensor<2xi64>
  %1 = npg.cast %0 : tensor<2xi64> to tensor<2xf64>
  %2 = npg.reduce_sum %x, axes = [1], keepdims = false : tensor<2x3xf64> -> tensor<2xf64>
  %3 = npg.mul %1, %2 : tensor<2xf64>
  return %3 : tensor<2xf64>
}
