// Reductions: the gradient is broadcast back over the reduced axes; ties of
// reduce_max/reduce_min share it evenly.
// RUN: npg-opt %s -npg-autodiff="recompute-elementwise=false" | FileCheck %s

// mean((p - y)^2), as traced: reduce_sum divided by the count. Only the
// difference is saved; the constant is rebuilt in the backward.
// CHECK-LABEL: func.func @mse_fwd(%arg0: tensor<8x1xf64>, %arg1: tensor<8x1xf64>) -> (tensor<f64>, tensor<8x1xf64>)
// CHECK:         %[[E:.*]] = npg.sub %arg0, %arg1
// CHECK:         return %{{.*}}, %[[E]] : tensor<f64>, tensor<8x1xf64>
// CHECK-LABEL: func.func @mse_bwd(%arg0: tensor<8x1xf64>, %arg1: tensor<f64>) -> tensor<8x1xf64>
// CHECK-NEXT:    %[[N:.*]] = npg.constant dense<8.000000e+00> : tensor<f64>
// CHECK-NEXT:    %[[GS:.*]] = npg.div %arg1, %[[N]] : tensor<f64>
// CHECK-NEXT:    %[[GSQ:.*]] = npg.broadcast_to %[[GS]], dims = [] : tensor<f64> to tensor<8x1xf64>
// CHECK-NEXT:    %[[T:.*]] = npg.mul %[[GSQ]], %arg0
// The two uses of the difference in e * e accumulate.
// CHECK-NEXT:    %[[GE:.*]] = npg.add %[[T]], %[[T]]
// CHECK-NEXT:    return %[[GE]]
func.func @mse(%p: tensor<8x1xf64> {npg.requires_grad}, %y: tensor<8x1xf64>) -> tensor<f64> {
  %e = npg.sub %p, %y : tensor<8x1xf64>
  %sq = npg.mul %e, %e : tensor<8x1xf64>
  %s = npg.reduce_sum %sq, axes = [0, 1], keepdims = false : tensor<8x1xf64> -> tensor<f64>
  %n = npg.constant dense<8.0> : tensor<f64>
  %m = npg.div %s, %n : tensor<f64>
  return %m : tensor<f64>
}

// Without keepdims the kept dimensions map into the input's.
// CHECK-LABEL: func.func @sum_middle_bwd(%arg0: tensor<2x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    %[[G:.*]] = npg.broadcast_to %arg0, dims = [0, 2] : tensor<2x4xf32> to tensor<2x3x4xf32>
// CHECK-NEXT:    return %[[G]]
func.func @sum_middle(%x: tensor<2x3x4xf32> {npg.requires_grad}) -> tensor<2x4xf32> {
  %0 = npg.reduce_sum %x, axes = [1], keepdims = false : tensor<2x3x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @sum_keepdims_bwd(%arg0: tensor<2x1x1xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    %[[G:.*]] = npg.broadcast_to %arg0, dims = [0, 1, 2] : tensor<2x1x1xf32> to tensor<2x3x4xf32>
// CHECK-NEXT:    return %[[G]]
func.func @sum_keepdims(%x: tensor<2x3x4xf32> {npg.requires_grad}) -> tensor<2x1x1xf32> {
  %0 = npg.reduce_sum %x, axes = [1, 2], keepdims = true : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}

// reduce_max: a 1/0 mask of the elements equal to the maximum (or NaN),
// times the spread gradient, divided by the number of ties.
// CHECK-LABEL: func.func @max_fwd(%arg0: tensor<2x3xf32>) -> (tensor<2xf32>, tensor<2x3xf32>, tensor<2xf32>)
// CHECK-NEXT:    %[[M:.*]] = npg.reduce_max %arg0
// CHECK-NEXT:    return %[[M]], %arg0, %[[M]]
// CHECK-LABEL: func.func @max_bwd(%arg0: tensor<2x3xf32>, %arg1: tensor<2xf32>, %arg2: tensor<2xf32>) -> tensor<2x3xf32>
// CHECK-DAG:     %[[ONE:.*]] = npg.constant dense<1.000000e+00> : tensor<2x3xf32>
// CHECK-DAG:     %[[ZERO:.*]] = npg.constant dense<0.000000e+00> : tensor<2x3xf32>
// CHECK:         %[[MB:.*]] = npg.broadcast_to %arg1, dims = [0] : tensor<2xf32> to tensor<2x3xf32>
// CHECK-NEXT:    %[[EQ:.*]] = npg.compare eq, %arg0, %[[MB]]
// CHECK-NEXT:    %[[HIT:.*]] = npg.select %[[EQ]], %[[ONE]], %[[ZERO]]
// CHECK-NEXT:    %[[NAN:.*]] = npg.compare ne, %arg0, %arg0
// CHECK-NEXT:    %[[MASK:.*]] = npg.select %[[NAN]], %[[ONE]], %[[HIT]]
// CHECK-NEXT:    %[[TIES:.*]] = npg.reduce_sum %[[MASK]], axes = [1], keepdims = true : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK-NEXT:    %[[GB:.*]] = npg.broadcast_to %arg2, dims = [0] : tensor<2xf32> to tensor<2x3xf32>
// CHECK-NEXT:    %[[SPREAD:.*]] = npg.mul %[[MASK]], %[[GB]]
// CHECK-NEXT:    %[[TIESB:.*]] = npg.broadcast_to %[[TIES]], dims = [0, 1] : tensor<2x1xf32> to tensor<2x3xf32>
// CHECK-NEXT:    %[[G:.*]] = npg.div %[[SPREAD]], %[[TIESB]]
// CHECK-NEXT:    return %[[G]]
func.func @max(%x: tensor<2x3xf32> {npg.requires_grad}) -> tensor<2xf32> {
  %0 = npg.reduce_max %x, axes = [1], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// reduce_min with keepdims: the same with identity broadcasts.
// CHECK-LABEL: func.func @min_bwd(%arg0: tensor<2x3xf32>, %arg1: tensor<1x3xf32>, %arg2: tensor<1x3xf32>) -> tensor<2x3xf32>
// CHECK:         npg.broadcast_to %arg1, dims = [0, 1] : tensor<1x3xf32> to tensor<2x3xf32>
// CHECK:         npg.reduce_sum %{{.*}}, axes = [0], keepdims = true : tensor<2x3xf32> -> tensor<1x3xf32>
// CHECK:         npg.broadcast_to %arg2, dims = [0, 1] : tensor<1x3xf32> to tensor<2x3xf32>
// CHECK:         npg.div
func.func @min(%x: tensor<2x3xf32> {npg.requires_grad}) -> tensor<1x3xf32> {
  %0 = npg.reduce_min %x, axes = [0], keepdims = true : tensor<2x3xf32> -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// reduce_prod: the product of the other elements. Zeros are counted per
// slice: without one it is prod(x) / x, with one the product of the nonzero
// elements at the zero and 0 elsewhere, with more 0.
// CHECK-LABEL: func.func @prod_bwd(%arg0: tensor<2x3xf64>, %arg1: tensor<2xf64>) -> tensor<2x3xf64>
// CHECK-DAG:     %[[ONE:.*]] = npg.constant dense<1.000000e+00> : tensor<2x3xf64>
// CHECK-DAG:     %[[ZERO:.*]] = npg.constant dense<0.000000e+00> : tensor<2x3xf64>
// CHECK:         %[[ISZ:.*]] = npg.compare eq, %arg0, %[[ZERO]]
// CHECK-NEXT:    %[[NZ:.*]] = npg.select %[[ISZ]], %[[ONE]], %arg0
// CHECK-NEXT:    %[[P:.*]] = npg.reduce_prod %[[NZ]], axes = [1], keepdims = true : tensor<2x3xf64> -> tensor<2x1xf64>
// CHECK-NEXT:    %[[PB:.*]] = npg.broadcast_to %[[P]], dims = [0, 1]
// CHECK-NEXT:    %[[IND:.*]] = npg.select %[[ISZ]], %[[ONE]], %[[ZERO]]
// CHECK-NEXT:    %[[N:.*]] = npg.reduce_sum %[[IND]], axes = [1], keepdims = true
// CHECK-NEXT:    %[[NB:.*]] = npg.broadcast_to %[[N]], dims = [0, 1]
// CHECK-NEXT:    %[[Q:.*]] = npg.div %[[PB]], %arg0
// CHECK-NEXT:    %[[NONE:.*]] = npg.compare eq, %[[NB]], %[[ZERO]]
// CHECK-NEXT:    %[[NOZ:.*]] = npg.select %[[NONE]], %[[Q]], %[[ZERO]]
// CHECK-NEXT:    %[[ONEZ:.*]] = npg.compare eq, %[[NB]], %[[ONE]]
// CHECK-NEXT:    %[[ATZ:.*]] = npg.select %[[ONEZ]], %[[PB]], %[[ZERO]]
// CHECK-NEXT:    %[[O:.*]] = npg.select %[[ISZ]], %[[ATZ]], %[[NOZ]]
// CHECK-NEXT:    %[[GB:.*]] = npg.broadcast_to %arg1, dims = [0]
// CHECK-NEXT:    %[[G:.*]] = npg.mul %[[GB]], %[[O]]
// CHECK-NEXT:    return %[[G]]
func.func @prod(%x: tensor<2x3xf64> {npg.requires_grad}) -> tensor<2xf64> {
  %0 = npg.reduce_prod %x, axes = [1], keepdims = false : tensor<2x3xf64> -> tensor<2xf64>
  return %0 : tensor<2xf64>
}
