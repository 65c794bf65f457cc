// The npg folders, run by the canonicalizer (which also materializes folded
// constants as npg.constant through the dialect hook).
// RUN: npg-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @add_zero(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]] :
func.func @add_zero(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %zero = npg.constant dense<0.0> : tensor<2x3xf32>
  %negzero = npg.constant dense<-0.0> : tensor<2x3xf32>
  %0 = npg.add %x, %zero : tensor<2x3xf32>
  %1 = npg.add %zero, %x : tensor<2x3xf32>
  %2 = npg.add %x, %negzero : tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Integer zero too; a non-zero or non-splat constant stays.
// CHECK-LABEL: func.func @add_not_zero(
// CHECK-SAME: %[[X:.*]]: tensor<2xi64>, %[[F:.*]]: tensor<2xf32>)
// CHECK-DAG: %[[ONE:.*]] = npg.constant dense<1> : tensor<2xi64>
// CHECK-DAG: %[[MIXED:.*]] = npg.constant dense<[0.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK: %[[A:.*]] = npg.add %[[X]], %[[ONE]] : tensor<2xi64>
// CHECK: %[[B:.*]] = npg.add %[[F]], %[[MIXED]] : tensor<2xf32>
// CHECK: return %[[X]], %[[A]], %[[B]] :
func.func @add_not_zero(%x: tensor<2xi64>, %f: tensor<2xf32>) -> (tensor<2xi64>, tensor<2xi64>, tensor<2xf32>) {
  %zero = npg.constant dense<0> : tensor<2xi64>
  %one = npg.constant dense<1> : tensor<2xi64>
  %mixed = npg.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %0 = npg.add %zero, %x : tensor<2xi64>
  %1 = npg.add %x, %one : tensor<2xi64>
  %2 = npg.add %f, %mixed : tensor<2xf32>
  return %0, %1, %2 : tensor<2xi64>, tensor<2xi64>, tensor<2xf32>
}

// -----

// x - 0 folds; 0 - x is a negation and stays.
// CHECK-LABEL: func.func @sub_zero(
// CHECK-SAME: %[[X:.*]]: tensor<3xf64>)
// CHECK: %[[ZERO:.*]] = npg.constant dense<0.000000e+00> : tensor<3xf64>
// CHECK: %[[NEG:.*]] = npg.sub %[[ZERO]], %[[X]] : tensor<3xf64>
// CHECK: return %[[X]], %[[NEG]] :
func.func @sub_zero(%x: tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>) {
  %zero = npg.constant dense<0.0> : tensor<3xf64>
  %0 = npg.sub %x, %zero : tensor<3xf64>
  %1 = npg.sub %zero, %x : tensor<3xf64>
  return %0, %1 : tensor<3xf64>, tensor<3xf64>
}

// -----

// CHECK-LABEL: func.func @mul_one(
// CHECK-SAME: %[[X:.*]]: tensor<2x2xf32>, %[[I:.*]]: tensor<i32>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[I]] :
func.func @mul_one(%x: tensor<2x2xf32>, %i: tensor<i32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<i32>) {
  %one = npg.constant dense<1.0> : tensor<2x2xf32>
  %ione = npg.constant dense<1> : tensor<i32>
  %0 = npg.mul %x, %one : tensor<2x2xf32>
  %1 = npg.mul %one, %x : tensor<2x2xf32>
  %2 = npg.mul %ione, %i : tensor<i32>
  return %0, %1, %2 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<i32>
}

// -----

// x * 0 is not x * 1: it stays (NaN * 0 is NaN).
// CHECK-LABEL: func.func @mul_zero_stays(
// CHECK: %[[M:.*]] = npg.mul
// CHECK: return %[[M]]
func.func @mul_zero_stays(%x: tensor<2xf32>) -> tensor<2xf32> {
  %zero = npg.constant dense<0.0> : tensor<2xf32>
  %0 = npg.mul %x, %zero : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @div_pow_one(
// CHECK-SAME: %[[X:.*]]: tensor<4xf32>)
// CHECK: %[[D:.*]] = npg.div %{{.*}}, %[[X]] : tensor<4xf32>
// CHECK: return %[[X]], %[[X]], %[[D]] :
func.func @div_pow_one(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %one = npg.constant dense<1.0> : tensor<4xf32>
  %0 = npg.div %x, %one : tensor<4xf32>
  %1 = npg.pow %x, %one : tensor<4xf32>
  %2 = npg.div %one, %x : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @max_min_self(
// CHECK-SAME: %[[X:.*]]: tensor<4xi32>)
// CHECK-NEXT: return %[[X]], %[[X]] :
func.func @max_min_self(%x: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>) {
  %0 = npg.maximum %x, %x : tensor<4xi32>
  %1 = npg.minimum %x, %x : tensor<4xi32>
  return %0, %1 : tensor<4xi32>, tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @select(
// CHECK-SAME: %[[C:.*]]: tensor<3xi1>, %[[A:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK-NEXT: %[[S:.*]] = npg.select %[[C]], %[[A]], %[[B]]
// CHECK-NEXT: return %[[A]], %[[B]], %[[A]], %[[S]] :
func.func @select(%c: tensor<3xi1>, %a: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %true = npg.constant dense<true> : tensor<3xi1>
  %false = npg.constant dense<false> : tensor<3xi1>
  %0 = npg.select %true, %a, %b : tensor<3xi1>, tensor<3xf32>
  %1 = npg.select %false, %a, %b : tensor<3xi1>, tensor<3xf32>
  %2 = npg.select %c, %a, %a : tensor<3xi1>, tensor<3xf32>
  %3 = npg.select %c, %a, %b : tensor<3xi1>, tensor<3xf32>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @cast_same_type(
// CHECK-SAME: %[[X:.*]]: tensor<3xf32>)
// CHECK-NEXT: %[[C:.*]] = npg.cast %[[X]] : tensor<3xf32> to tensor<3xf64>
// CHECK-NEXT: return %[[X]], %[[C]] :
func.func @cast_same_type(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf64>) {
  %0 = npg.cast %x : tensor<3xf32> to tensor<3xf32>
  %1 = npg.cast %x : tensor<3xf32> to tensor<3xf64>
  return %0, %1 : tensor<3xf32>, tensor<3xf64>
}

// -----

// CHECK-LABEL: func.func @broadcast_same_type(
// CHECK-SAME: %[[X:.*]]: tensor<1x3xf32>)
// CHECK-NEXT: return %[[X]] :
func.func @broadcast_same_type(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = npg.broadcast_to %x, dims = [0, 1] : tensor<1x3xf32> to tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// -----

// Two broadcasts become one: x's dim 0 -> 1 -> 2.
// CHECK-LABEL: func.func @broadcast_of_broadcast(
// CHECK-SAME: %[[X:.*]]: tensor<3xf32>)
// CHECK-NEXT: %[[B:.*]] = npg.broadcast_to %[[X]], dims = [2] : tensor<3xf32> to tensor<4x2x3xf32>
// CHECK-NEXT: return %[[B]] :
func.func @broadcast_of_broadcast(%x: tensor<3xf32>) -> tensor<4x2x3xf32> {
  %0 = npg.broadcast_to %x, dims = [1] : tensor<3xf32> to tensor<2x3xf32>
  %1 = npg.broadcast_to %0, dims = [1, 2] : tensor<2x3xf32> to tensor<4x2x3xf32>
  return %1 : tensor<4x2x3xf32>
}

// -----

// Splat constants broadcast, transpose and slice into new splats.
// CHECK-LABEL: func.func @splat_constants(
// CHECK-DAG: %[[B:.*]] = npg.constant dense<2.500000e+00> : tensor<4x3xf32>
// CHECK-DAG: %[[T:.*]] = npg.constant dense<7> : tensor<3x2xi64>
// CHECK-DAG: %[[S:.*]] = npg.constant dense<true> : tensor<2xi1>
// CHECK-NOT: npg.broadcast_to
// CHECK-NOT: npg.transpose
// CHECK-NOT: npg.slice
// CHECK: return %[[B]], %[[T]], %[[S]] :
func.func @splat_constants() -> (tensor<4x3xf32>, tensor<3x2xi64>, tensor<2xi1>) {
  %c = npg.constant dense<2.5> : tensor<f32>
  %0 = npg.broadcast_to %c, dims = [] : tensor<f32> to tensor<4x3xf32>
  %i = npg.constant dense<7> : tensor<2x3xi64>
  %1 = npg.transpose %i, perm = [1, 0] : tensor<2x3xi64> -> tensor<3x2xi64>
  %b = npg.constant dense<true> : tensor<5xi1>
  %2 = npg.slice %b, starts = [4], limits = [0], steps = [-2] : tensor<5xi1> -> tensor<2xi1>
  return %0, %1, %2 : tensor<4x3xf32>, tensor<3x2xi64>, tensor<2xi1>
}

// -----

// Reducing nothing, or size-1 axes with keepdims, is the identity.
// CHECK-LABEL: func.func @reduce_identity(
// CHECK-SAME: %[[X:.*]]: tensor<2x1x3xf32>)
// CHECK-NEXT: %[[R:.*]] = npg.reduce_sum %[[X]], axes = [1], keepdims = false
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]], %[[R]] :
func.func @reduce_identity(%x: tensor<2x1x3xf32>) -> (tensor<2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x3xf32>) {
  %0 = npg.reduce_sum %x, axes = [], keepdims = false : tensor<2x1x3xf32> -> tensor<2x1x3xf32>
  %1 = npg.reduce_max %x, axes = [], keepdims = true : tensor<2x1x3xf32> -> tensor<2x1x3xf32>
  %2 = npg.reduce_min %x, axes = [1], keepdims = true : tensor<2x1x3xf32> -> tensor<2x1x3xf32>
  %3 = npg.reduce_sum %x, axes = [1], keepdims = false : tensor<2x1x3xf32> -> tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: %[[R:.*]] = npg.reshape %[[X]] : tensor<2x3xf32> to tensor<3x2xf32>
// CHECK-NEXT: return %[[X]], %[[R]], %[[X]] :
func.func @reshape(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<3x2xf32>, tensor<2x3xf32>) {
  %0 = npg.reshape %x : tensor<2x3xf32> to tensor<2x3xf32>
  // Reshape of reshape: one reshape.
  %1 = npg.reshape %x : tensor<2x3xf32> to tensor<6xf32>
  %2 = npg.reshape %1 : tensor<6xf32> to tensor<3x2xf32>
  // ... and none when it comes back to the start.
  %3 = npg.reshape %1 : tensor<6xf32> to tensor<1x6xf32>
  %4 = npg.reshape %3 : tensor<1x6xf32> to tensor<2x3xf32>
  return %0, %2, %4 : tensor<2x3xf32>, tensor<3x2xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant(
// CHECK-NEXT: %[[C:.*]] = npg.constant dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
// CHECK-NEXT: return %[[C]] :
func.func @reshape_constant() -> tensor<2x3xi32> {
  %c = npg.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi32>
  %0 = npg.reshape %c : tensor<6xi32> to tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// CHECK-LABEL: func.func @transpose(
// CHECK-SAME: %[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[T:.*]] = npg.transpose %[[X]], perm = [2, 1, 0] : tensor<2x3x4xf32> -> tensor<4x3x2xf32>
// CHECK-NEXT: return %[[X]], %[[X]], %[[T]] :
func.func @transpose(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<4x3x2xf32>) {
  %0 = npg.transpose %x, perm = [0, 1, 2] : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  // A permutation and its inverse cancel.
  %1 = npg.transpose %x, perm = [1, 2, 0] : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %2 = npg.transpose %1, perm = [2, 0, 1] : tensor<3x4x2xf32> -> tensor<2x3x4xf32>
  // Otherwise they compose: [1, 2, 0] then [1, 0, 2] is [2, 1, 0].
  %3 = npg.transpose %1, perm = [1, 0, 2] : tensor<3x4x2xf32> -> tensor<4x3x2xf32>
  return %0, %2, %3 : tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<4x3x2xf32>
}

// -----

// A slice of every element in order folds; a reversal does not.
// CHECK-LABEL: func.func @slice(
// CHECK-SAME: %[[X:.*]]: tensor<4x1xf32>)
// CHECK-NEXT: %[[R:.*]] = npg.slice %[[X]], starts = [3, 0], limits = [-1, 1], steps = [-1, 1]
// CHECK-NEXT: return %[[X]], %[[X]], %[[R]] :
func.func @slice(%x: tensor<4x1xf32>) -> (tensor<4x1xf32>, tensor<4x1xf32>, tensor<4x1xf32>) {
  %0 = npg.slice %x, starts = [0, 0], limits = [4, 1], steps = [1, 1] : tensor<4x1xf32> -> tensor<4x1xf32>
  %1 = npg.slice %x, starts = [0, 0], limits = [4, -1], steps = [1, -1] : tensor<4x1xf32> -> tensor<4x1xf32>
  %2 = npg.slice %x, starts = [3, 0], limits = [-1, 1], steps = [-1, 1] : tensor<4x1xf32> -> tensor<4x1xf32>
  return %0, %1, %2 : tensor<4x1xf32>, tensor<4x1xf32>, tensor<4x1xf32>
}

// -----

// Inserting over every element in order gives the source; a reversal does
// not fold.
// CHECK-LABEL: func.func @insert_slice(
// CHECK-SAME: %[[S:.*]]: tensor<4x1xf32>, %[[X:.*]]: tensor<4x1xf32>)
// CHECK-NEXT: %[[R:.*]] = npg.insert_slice %[[S]] into %[[X]], starts = [3, 0], limits = [-1, 1], steps = [-1, 1]
// CHECK-NEXT: return %[[S]], %[[R]] :
func.func @insert_slice(%s: tensor<4x1xf32>, %x: tensor<4x1xf32>) -> (tensor<4x1xf32>, tensor<4x1xf32>) {
  %0 = npg.insert_slice %s into %x, starts = [0, 0], limits = [4, -1], steps = [1, -1] : tensor<4x1xf32> into tensor<4x1xf32>
  %1 = npg.insert_slice %s into %x, starts = [3, 0], limits = [-1, 1], steps = [-1, 1] : tensor<4x1xf32> into tensor<4x1xf32>
  return %0, %1 : tensor<4x1xf32>, tensor<4x1xf32>
}

// -----

// CHECK-LABEL: func.func @concat_single(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]] :
func.func @concat_single(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = npg.concat %x, axis = 1 : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
