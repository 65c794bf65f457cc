// RUN: npg-opt %s --npg-fold-broadcast-reduce | FileCheck %s

// Backward functions written as npg-autodiff writes them (a broadcast's
// adjoint is reduce_sum over the broadcast axes, then a reshape to the
// operand's shape; a sum's adjoint is the seed broadcast back), before and
// after the fold: nothing is broadcast only to be summed again.

// Forward: loss = sum(x + broadcast_to(b)) with x: 4x3, b: 3. The seed g is
// broadcast to 4x3 (that is dx, a result); db was its sum over axis 0.
// CHECK-LABEL: func.func @add_bias_bwd(
// CHECK-SAME:      %[[G:.*]]: tensor<f32>)
// CHECK-DAG:     %[[FOUR:.*]] = npg.constant dense<4.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[DX:.*]] = npg.broadcast_to %[[G]], dims = [] : tensor<f32> to tensor<4x3xf32>
// CHECK-DAG:     %[[SCALED:.*]] = npg.mul %[[G]], %[[FOUR]] : tensor<f32>
// CHECK:         %[[DB:.*]] = npg.broadcast_to %[[SCALED]], dims = [] : tensor<f32> to tensor<3xf32>
// CHECK-NOT:     npg.reduce_sum
// CHECK:         return %[[DX]], %[[DB]]
func.func @add_bias_bwd(%g: tensor<f32>) -> (tensor<4x3xf32>, tensor<3xf32>) {
  %0 = npg.broadcast_to %g, dims = [] : tensor<f32> to tensor<4x3xf32>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<3xf32>
}

// With a general upstream gradient there is nothing to fold: the sum stays.
// CHECK-LABEL: func.func @add_bias_general_bwd(
// CHECK:         npg.reduce_sum %{{.*}}, axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
func.func @add_bias_general_bwd(%g: tensor<4x3xf32>) -> tensor<3xf32> {
  %1 = npg.reduce_sum %g, axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
  return %1 : tensor<3xf32>
}

// Forward: loss = sum(x * broadcast_to(w)). dx = g * broadcast_to(w) stays:
// it is elementwise work the lowering fuses, the broadcast becoming an
// indexing map. dw = sum_n(g * x): a constant seed comes out of the sum.
// CHECK-LABEL: func.func @mul_weight_bwd(
// CHECK-SAME:      %[[X:.*]]: tensor<4x3xf32>, %[[WB:.*]]: tensor<4x3xf32>)
// CHECK-DAG:     %[[G3:.*]] = npg.constant dense<5.000000e-01> : tensor<3xf32>
// CHECK-DAG:     %[[GB:.*]] = npg.constant dense<5.000000e-01> : tensor<4x3xf32>
// CHECK:         %[[DX:.*]] = npg.mul %[[WB]], %[[GB]] : tensor<4x3xf32>
// CHECK:         %[[S:.*]] = npg.reduce_sum %[[X]], axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
// CHECK:         %[[DW:.*]] = npg.mul %[[S]], %[[G3]] : tensor<3xf32>
// CHECK:         return %[[DX]], %[[DW]]
func.func @mul_weight_bwd(%x: tensor<4x3xf32>, %wb: tensor<4x3xf32>) -> (tensor<4x3xf32>, tensor<3xf32>) {
  %g = npg.constant dense<0.5> : tensor<f32>
  %0 = npg.broadcast_to %g, dims = [] : tensor<f32> to tensor<4x3xf32>
  %1 = npg.mul %0, %wb : tensor<4x3xf32>
  %2 = npg.mul %0, %x : tensor<4x3xf32>
  %3 = npg.reduce_sum %2, axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
  return %1, %3 : tensor<4x3xf32>, tensor<3xf32>
}

// A float factor known only at run time stays in the sum: were it inf and
// a term 0, eager code's sum of products is NaN, the factored product ±inf.
// Infinite constants, and zero divisors, stay too.
// CHECK-LABEL: func.func @runtime_factor(
// CHECK-SAME:      %[[X:.*]]: tensor<4x3xf32>, %[[G:.*]]: tensor<f32>)
// CHECK-DAG:     %[[ZERO:.*]] = npg.constant dense<0.000000e+00> : tensor<4x3xf32>
// CHECK-DAG:     %[[INF:.*]] = npg.constant dense<0x7F800000> : tensor<4x3xf32>
// CHECK:         %[[GB:.*]] = npg.broadcast_to %[[G]], dims = [] : tensor<f32> to tensor<4x3xf32>
// CHECK:         %[[P:.*]] = npg.mul %[[GB]], %[[X]] : tensor<4x3xf32>
// CHECK:         %[[S1:.*]] = npg.reduce_sum %[[P]], axes = [0]
// CHECK:         %[[Q:.*]] = npg.mul %[[X]], %[[INF]] : tensor<4x3xf32>
// CHECK:         %[[S2:.*]] = npg.reduce_sum %[[Q]], axes = [0]
// CHECK:         %[[D:.*]] = npg.div %[[X]], %[[ZERO]] : tensor<4x3xf32>
// CHECK:         %[[S3:.*]] = npg.reduce_sum %[[D]], axes = [0]
// CHECK:         return %[[S1]], %[[S2]], %[[S3]]
func.func @runtime_factor(%x: tensor<4x3xf32>, %g: tensor<f32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = npg.broadcast_to %g, dims = [] : tensor<f32> to tensor<4x3xf32>
  %1 = npg.mul %0, %x : tensor<4x3xf32>
  %2 = npg.reduce_sum %1, axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
  %inf = npg.constant dense<0x7F800000> : tensor<f32>
  %3 = npg.broadcast_to %inf, dims = [] : tensor<f32> to tensor<4x3xf32>
  %4 = npg.mul %x, %3 : tensor<4x3xf32>
  %5 = npg.reduce_sum %4, axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
  %zero = npg.constant dense<0.0> : tensor<f32>
  %6 = npg.broadcast_to %zero, dims = [] : tensor<f32> to tensor<4x3xf32>
  %7 = npg.div %x, %6 : tensor<4x3xf32>
  %8 = npg.reduce_sum %7, axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
  return %2, %5, %8 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// Integer factors distribute exactly (wrapping arithmetic), run time or not.
// CHECK-LABEL: func.func @integer_factor(
// CHECK-SAME:      %[[X:.*]]: tensor<4x3xi64>, %[[G:.*]]: tensor<i64>)
// CHECK:         %[[S:.*]] = npg.reduce_sum %[[X]], axes = [0], keepdims = false
// CHECK:         %[[GB:.*]] = npg.broadcast_to %[[G]], dims = [] : tensor<i64> to tensor<3xi64>
// CHECK:         npg.mul %[[GB]], %[[S]] : tensor<3xi64>
func.func @integer_factor(%x: tensor<4x3xi64>, %g: tensor<i64>) -> tensor<3xi64> {
  %0 = npg.broadcast_to %g, dims = [] : tensor<i64> to tensor<4x3xi64>
  %1 = npg.mul %0, %x : tensor<4x3xi64>
  %2 = npg.reduce_sum %1, axes = [0], keepdims = false : tensor<4x3xi64> -> tensor<3xi64>
  return %2 : tensor<3xi64>
}

// A (1, 3) bias: the adjoint's reshape folds into the broadcast.
// CHECK-LABEL: func.func @keepdims_bias_bwd(
// CHECK-SAME:      %[[G:.*]]: tensor<f64>)
// CHECK:         %[[M:.*]] = npg.mul %[[G]], %{{.*}} : tensor<f64>
// CHECK-NEXT:    %[[B:.*]] = npg.broadcast_to %[[M]], dims = [] : tensor<f64> to tensor<1x3xf64>
// CHECK-NEXT:    return %[[B]]
func.func @keepdims_bias_bwd(%g: tensor<f64>) -> tensor<1x3xf64> {
  %0 = npg.broadcast_to %g, dims = [] : tensor<f64> to tensor<4x3xf64>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<4x3xf64> -> tensor<3xf64>
  %2 = npg.reshape %1 : tensor<3xf64> to tensor<1x3xf64>
  return %2 : tensor<1x3xf64>
}

// Summing over more than the broadcast axes: sum b itself, times 4.
// CHECK-LABEL: func.func @superset(
// CHECK-SAME:      %[[B:.*]]: tensor<3xf32>)
// CHECK-DAG:     %[[FOUR:.*]] = npg.constant dense<4.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[S:.*]] = npg.reduce_sum %[[B]], axes = [0], keepdims = false : tensor<3xf32> -> tensor<f32>
// CHECK:         %[[R:.*]] = npg.mul %[[S]], %[[FOUR]] : tensor<f32>
// CHECK-NEXT:    return %[[R]]
func.func @superset(%b: tensor<3xf32>) -> tensor<f32> {
  %0 = npg.broadcast_to %b, dims = [1] : tensor<3xf32> to tensor<4x3xf32>
  %1 = npg.reduce_sum %0, axes = [0, 1], keepdims = false : tensor<4x3xf32> -> tensor<f32>
  return %1 : tensor<f32>
}

// Summing over part of the broadcast axes: what is left stays broadcast.
// CHECK-LABEL: func.func @subset(
// CHECK-SAME:      %[[B:.*]]: tensor<3xf32>)
// CHECK:         %[[R:.*]] = npg.mul %[[B]], %{{.*}} : tensor<3xf32>
// CHECK-NEXT:    %[[BB:.*]] = npg.broadcast_to %[[R]], dims = [1] : tensor<3xf32> to tensor<5x3xf32>
// CHECK-NEXT:    return %[[BB]]
func.func @subset(%b: tensor<3xf32>) -> tensor<5x3xf32> {
  %0 = npg.broadcast_to %b, dims = [2] : tensor<3xf32> to tensor<5x4x3xf32>
  %1 = npg.reduce_sum %0, axes = [1], keepdims = false : tensor<5x4x3xf32> -> tensor<5x3xf32>
  return %1 : tensor<5x3xf32>
}

// A stretched size-1 dimension with keepdims, on integers.
// CHECK-LABEL: func.func @keepdims(
// CHECK:         %[[FIVE:.*]] = npg.constant dense<5> : tensor<3x1xi64>
// CHECK-NEXT:    %[[R:.*]] = npg.mul %{{.*}}, %[[FIVE]] : tensor<3x1xi64>
// CHECK-NEXT:    return %[[R]]
func.func @keepdims(%b: tensor<3x1xi64>) -> tensor<3x1xi64> {
  %0 = npg.broadcast_to %b, dims = [0, 1] : tensor<3x1xi64> to tensor<3x5xi64>
  %1 = npg.reduce_sum %0, axes = [1], keepdims = true : tensor<3x5xi64> -> tensor<3x1xi64>
  return %1 : tensor<3x1xi64>
}

// Bools sum as "any": no multiplication by a count.
// CHECK-LABEL: func.func @bool_sum(
// CHECK:         npg.broadcast_to
// CHECK:         npg.reduce_sum
func.func @bool_sum(%b: tensor<3xi1>) -> tensor<3xi1> {
  %0 = npg.broadcast_to %b, dims = [1] : tensor<3xi1> to tensor<4x3xi1>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<4x3xi1> -> tensor<3xi1>
  return %1 : tensor<3xi1>
}

// Reductions of reductions merge, mapping axes through dropped dimensions.
// CHECK-LABEL: func.func @merge(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-DAG:     %[[S:.*]] = npg.reduce_sum %[[X]], axes = [0, 2], keepdims = false : tensor<2x3x4xf32> -> tensor<3xf32>
// CHECK-DAG:     %[[M:.*]] = npg.reduce_max %[[X]], axes = [0, 2], keepdims = true : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
// CHECK-DAG:     %[[N:.*]] = npg.reduce_min %[[X]], axes = [1, 2], keepdims = false : tensor<2x3x4xf32> -> tensor<2xf32>
// CHECK:         return %[[S]], %[[M]], %[[N]]
func.func @merge(%x: tensor<2x3x4xf32>) -> (tensor<3xf32>, tensor<1x3x1xf32>, tensor<2xf32>) {
  %0 = npg.reduce_sum %x, axes = [2], keepdims = false : tensor<2x3x4xf32> -> tensor<2x3xf32>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<2x3xf32> -> tensor<3xf32>
  %2 = npg.reduce_max %x, axes = [0], keepdims = true : tensor<2x3x4xf32> -> tensor<1x3x4xf32>
  %3 = npg.reduce_max %2, axes = [2], keepdims = true : tensor<1x3x4xf32> -> tensor<1x3x1xf32>
  %4 = npg.reduce_min %x, axes = [1], keepdims = true : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  %5 = npg.reduce_min %4, axes = [1, 2], keepdims = false : tensor<2x1x4xf32> -> tensor<2xf32>
  return %1, %3, %5 : tensor<3xf32>, tensor<1x3x1xf32>, tensor<2xf32>
}

// Different keepdims: one reduction, then a reshape for the unit dimension.
// CHECK-LABEL: func.func @merge_mixed(
// CHECK:         %[[S:.*]] = npg.reduce_sum %{{.*}}, axes = [0, 1], keepdims = false : tensor<2x3x4xf32> -> tensor<4xf32>
// CHECK-NEXT:    %[[R:.*]] = npg.reshape %[[S]] : tensor<4xf32> to tensor<1x4xf32>
// CHECK-NEXT:    return %[[R]]
func.func @merge_mixed(%x: tensor<2x3x4xf32>) -> tensor<1x4xf32> {
  %0 = npg.reduce_sum %x, axes = [0], keepdims = true : tensor<2x3x4xf32> -> tensor<1x3x4xf32>
  %1 = npg.reduce_sum %0, axes = [1], keepdims = false : tensor<1x3x4xf32> -> tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// Reductions over size-1 axes and transposes of unit dimensions are
// reshapes (views).
// CHECK-LABEL: func.func @unit(
// CHECK-SAME:      %[[X:.*]]: tensor<2x1x3xf32>)
// CHECK-NEXT:    %[[A:.*]] = npg.reshape %[[X]] : tensor<2x1x3xf32> to tensor<2x3xf32>
// CHECK-NEXT:    %[[B:.*]] = npg.reshape %[[X]] : tensor<2x1x3xf32> to tensor<2x3x1xf32>
// CHECK-NEXT:    return %[[A]], %[[B]]
func.func @unit(%x: tensor<2x1x3xf32>) -> (tensor<2x3xf32>, tensor<2x3x1xf32>) {
  %0 = npg.reduce_max %x, axes = [1], keepdims = false : tensor<2x1x3xf32> -> tensor<2x3xf32>
  %1 = npg.transpose %x, perm = [0, 2, 1] : tensor<2x1x3xf32> -> tensor<2x3x1xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3x1xf32>
}

// A reduction's adjoint: reshape to the kept shape, then broadcast. One
// broadcast_to.
// CHECK-LABEL: func.func @spread(
// CHECK-SAME:      %[[G:.*]]: tensor<3xf32>)
// CHECK-NEXT:    %[[B:.*]] = npg.broadcast_to %[[G]], dims = [0] : tensor<3xf32> to tensor<3x4xf32>
// CHECK-NEXT:    return %[[B]]
func.func @spread(%g: tensor<3xf32>) -> tensor<3x4xf32> {
  %0 = npg.reshape %g : tensor<3xf32> to tensor<3x1xf32>
  %1 = npg.broadcast_to %0, dims = [0, 1] : tensor<3x1xf32> to tensor<3x4xf32>
  return %1 : tensor<3x4xf32>
}

// CHECK-LABEL: func.func @keepdims_reshape(
// CHECK-NEXT:    %[[S:.*]] = npg.reduce_sum %{{.*}}, axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
// CHECK-NEXT:    return %[[S]]
func.func @keepdims_reshape(%x: tensor<4x3xf32>) -> tensor<3xf32> {
  %0 = npg.reduce_sum %x, axes = [0], keepdims = true : tensor<4x3xf32> -> tensor<1x3xf32>
  %1 = npg.reshape %0 : tensor<1x3xf32> to tensor<3xf32>
  return %1 : tensor<3xf32>
}

// A divisor constant along the summed axis comes out of the sum (a finite,
// nonzero float constant).
// CHECK-LABEL: func.func @div(
// CHECK-SAME:      %[[Y:.*]]: tensor<4x3xf64>)
// CHECK-DAG:     %[[TWO:.*]] = npg.constant dense<2.000000e+00> : tensor<4x3xf64>
// CHECK-DAG:     %[[S:.*]] = npg.constant dense<[3.000000e+00, 5.000000e+00, 7.000000e+00]> : tensor<3xf64>
// CHECK-DAG:     %[[Y2:.*]] = npg.mul %[[Y]], %[[TWO]] : tensor<4x3xf64>
// CHECK-DAG:     %[[SB:.*]] = npg.broadcast_to %[[S]], dims = [1] : tensor<3xf64> to tensor<4x3xf64>
// CHECK:         %[[R:.*]] = npg.div %[[Y2]], %[[SB]] : tensor<4x3xf64>
// CHECK-NEXT:    return %[[R]]
func.func @div(%y: tensor<4x3xf64>) -> tensor<4x3xf64> {
  %s = npg.constant dense<[3.0, 5.0, 7.0]> : tensor<3xf64>
  %0 = npg.broadcast_to %s, dims = [1] : tensor<3xf64> to tensor<4x3xf64>
  %1 = npg.broadcast_to %0, dims = [1, 2] : tensor<4x3xf64> to tensor<2x4x3xf64>
  %2 = npg.broadcast_to %y, dims = [1, 2] : tensor<4x3xf64> to tensor<2x4x3xf64>
  %3 = npg.div %2, %1 : tensor<2x4x3xf64>
  %4 = npg.reduce_sum %3, axes = [0], keepdims = false : tensor<2x4x3xf64> -> tensor<4x3xf64>
  return %4 : tensor<4x3xf64>
}

// The forward x(N,M) * w(M) summed over the axis w varies along: w is not
// constant there, nothing folds, and the broadcast stays for the lowering to
// turn into an indexing map.
// CHECK-LABEL: func.func @not_constant(
// CHECK:         npg.broadcast_to
// CHECK-NEXT:    npg.mul
// CHECK-NEXT:    npg.reduce_sum
func.func @not_constant(%x: tensor<4x3xf32>, %w: tensor<3xf32>) -> tensor<4xf32> {
  %0 = npg.broadcast_to %w, dims = [1] : tensor<3xf32> to tensor<4x3xf32>
  %1 = npg.mul %x, %0 : tensor<4x3xf32>
  %2 = npg.reduce_sum %1, axes = [1], keepdims = false : tensor<4x3xf32> -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// A sum over nothing is +0 whatever its terms: as a product by the count
// (0) or by the factor, an infinite or NaN term would give NaN. Not folded.
// CHECK-LABEL: func.func @sum_of_broadcast_over_nothing(
// CHECK:         npg.reduce_sum %{{.*}}, axes = [0]{{.*}} : tensor<0xf64> -> tensor<f64>
// CHECK:         npg.reduce_sum %{{.*}}, axes = [0]{{.*}} : tensor<0x3xf64> -> tensor<3xf64>
// CHECK-NOT:     npg.mul
func.func @sum_of_broadcast_over_nothing(%s: tensor<f64>, %w: tensor<3xf64>, %x: tensor<0x3xf64>) -> (tensor<f64>, tensor<3xf64>) {
  %0 = npg.broadcast_to %s, dims = [] : tensor<f64> to tensor<0xf64>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<0xf64> -> tensor<f64>
  %2 = npg.broadcast_to %w, dims = [1] : tensor<3xf64> to tensor<0x3xf64>
  %3 = npg.mul %2, %x : tensor<0x3xf64>
  %4 = npg.reduce_sum %3, axes = [0], keepdims = false : tensor<0x3xf64> -> tensor<3xf64>
  return %1, %4 : tensor<f64>, tensor<3xf64>
}
