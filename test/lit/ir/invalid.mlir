// One case per verifier rule of the npg dialect. Messages print the types
// involved, so each expectation checks them too.
// RUN: npg-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Value types: static-shaped tensors of f32, f64, i1, i32, i64
//===----------------------------------------------------------------------===//

func.func @dynamic_shape(%a: tensor<?x3xf32>) {
  // expected-error @+1 {{'npg.neg' op operand #0 must be statically shaped tensor of f32, f64, i1, i32 or i64, but got 'tensor<?x3xf32>'}}
  %0 = npg.neg %a : tensor<?x3xf32>
  return
}

// -----

func.func @unranked(%a: tensor<*xf32>, %b: tensor<*xf32>) {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of f32, f64, i1, i32 or i64, but got 'tensor<*xf32>'}}
  %0 = "npg.add"(%a, %b) : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @f16(%a: tensor<2x3xf16>) {
  // expected-error @+1 {{'npg.abs' op operand #0 must be statically shaped tensor of f32, f64, i1, i32 or i64, but got 'tensor<2x3xf16>'}}
  %0 = npg.abs %a : tensor<2x3xf16>
  return
}

// -----

func.func @i8(%a: tensor<4xi8>) {
  // expected-error @+1 {{but got 'tensor<4xi8>'}}
  %0 = npg.add %a, %a : tensor<4xi8>
  return
}

// -----

func.func @unsigned(%a: tensor<4xui32>) {
  // expected-error @+1 {{but got 'tensor<4xui32>'}}
  %0 = npg.relu %a : tensor<4xui32>
  return
}

// -----

func.func @vector(%a: vector<4xf32>) {
  // expected-error @+1 {{but got 'vector<4xf32>'}}
  %0 = "npg.exp"(%a) : (vector<4xf32>) -> vector<4xf32>
  return
}

// -----

func.func @constant_f16() {
  // expected-error @+1 {{'npg.constant' op result #0 must be statically shaped tensor of f32, f64, i1, i32 or i64, but got 'tensor<2xf16>'}}
  %0 = npg.constant dense<1.0> : tensor<2xf16>
  return
}

// -----

func.func @constant_type_mismatch() {
  // expected-error @+1 {{'npg.constant' op value type tensor<2xf32> differs from result type tensor<3xf32>}}
  %0 = "npg.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return
}

// -----

func.func @constant_no_value() {
  // expected-error @+1 {{'npg.constant' op requires attribute 'value'}}
  %0 = "npg.constant"() : () -> tensor<3xf32>
  return
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

// -----

func.func @binary_shapes_differ(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) {
  // expected-error @+1 {{'npg.add' op requires operands and result of one type, got (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>}}
  %0 = "npg.add"(%a, %b) : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @binary_element_types_differ(%a: tensor<3xf32>, %b: tensor<3xf64>) {
  // expected-error @+1 {{'npg.mul' op requires operands and result of one type, got (tensor<3xf32>, tensor<3xf64>) -> tensor<3xf32>}}
  %0 = "npg.mul"(%a, %b) : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xf32>
  return
}

// -----

func.func @binary_result_differs(%a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.maximum' op requires operands and result of one type, got (tensor<3xf32>, tensor<3xf32>) -> tensor<1x3xf32>}}
  %0 = "npg.maximum"(%a, %a) : (tensor<3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @binary_implicit_broadcast(%a: tensor<3xf32>, %b: tensor<f32>) {
  // expected-error @+1 {{'npg.sub' op requires operands and result of one type, got (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>}}
  %0 = "npg.sub"(%a, %b) : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return
}

// -----

func.func @unary_result_differs(%a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.neg' op requires operands and result of one type, got (tensor<3xf32>) -> tensor<3xf64>}}
  %0 = "npg.neg"(%a) : (tensor<3xf32>) -> tensor<3xf64>
  return
}

// -----

func.func @exp_int(%a: tensor<3xi32>) {
  // expected-error @+1 {{'npg.exp' op operand #0 must be statically shaped tensor of f32 or f64, but got 'tensor<3xi32>'}}
  %0 = npg.exp %a : tensor<3xi32>
  return
}

// -----

func.func @log_int(%a: tensor<3xi64>) {
  // expected-error @+1 {{'npg.log' op operand #0 must be statically shaped tensor of f32 or f64, but got 'tensor<3xi64>'}}
  %0 = npg.log %a : tensor<3xi64>
  return
}

// -----

func.func @log1p_int(%a: tensor<3xi64>) {
  // expected-error @+1 {{'npg.log1p' op operand #0 must be statically shaped tensor of f32 or f64, but got 'tensor<3xi64>'}}
  %0 = npg.log1p %a : tensor<3xi64>
  return
}

// -----

func.func @sqrt_bool(%a: tensor<3xi1>) {
  // expected-error @+1 {{'npg.sqrt' op operand #0 must be statically shaped tensor of f32 or f64, but got 'tensor<3xi1>'}}
  %0 = npg.sqrt %a : tensor<3xi1>
  return
}

// -----

func.func @tanh_int(%a: tensor<i32>) {
  // expected-error @+1 {{'npg.tanh' op operand #0 must be statically shaped tensor of f32 or f64, but got 'tensor<i32>'}}
  %0 = npg.tanh %a : tensor<i32>
  return
}

// -----

func.func @sigmoid_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'npg.sigmoid' op operand #0 must be statically shaped tensor of f32 or f64}}
  %0 = npg.sigmoid %a : tensor<2xi32>
  return
}

// -----

func.func @sin_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'npg.sin' op operand #0 must be statically shaped tensor of f32 or f64}}
  %0 = npg.sin %a : tensor<2xi32>
  return
}

// -----

func.func @cos_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'npg.cos' op operand #0 must be statically shaped tensor of f32 or f64}}
  %0 = npg.cos %a : tensor<2xi32>
  return
}

// -----

func.func @tan_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'npg.tan' op operand #0 must be statically shaped tensor of f32 or f64}}
  %0 = npg.tan %a : tensor<2xi32>
  return
}

// -----

func.func @floor_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'npg.floor' op operand #0 must be statically shaped tensor of f32 or f64}}
  %0 = npg.floor %a : tensor<2xi32>
  return
}

// -----

func.func @ceil_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'npg.ceil' op operand #0 must be statically shaped tensor of f32 or f64}}
  %0 = npg.ceil %a : tensor<2xi32>
  return
}

// -----

func.func @round_int(%a: tensor<2xi32>) {
  // expected-error @+1 {{'npg.round' op operand #0 must be statically shaped tensor of f32 or f64}}
  %0 = npg.round %a : tensor<2xi32>
  return
}

//===----------------------------------------------------------------------===//
// CompareOp, SelectOp, CastOp
//===----------------------------------------------------------------------===//

// -----

func.func @compare_operands_differ(%a: tensor<3xf32>, %b: tensor<3xf64>) {
  // expected-error @+1 {{'npg.compare' op operands differ in type: lhs tensor<3xf32>, rhs tensor<3xf64>}}
  %0 = "npg.compare"(%a, %b) <{predicate = 0 : i64}> : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xi1>
  return
}

// -----

func.func @compare_result_not_bool(%a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.compare' op result #0 must be statically shaped tensor of i1, but got 'tensor<3xf32>'}}
  %0 = "npg.compare"(%a, %a) <{predicate = 0 : i64}> : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @compare_result_shape(%a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.compare' op result type tensor<4xi1> does not match the inferred type tensor<3xi1>}}
  %0 = "npg.compare"(%a, %a) <{predicate = 4 : i64}> : (tensor<3xf32>, tensor<3xf32>) -> tensor<4xi1>
  return
}

// -----

func.func @compare_bad_predicate(%a: tensor<3xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'predicate' [eq, ne, lt, le, gt, ge]}}
  %0 = npg.compare sgt, %a, %a : tensor<3xf32>
  return
}

// -----

func.func @compare_bad_predicate_value(%a: tensor<3xf32>) {
  // expected-error @+1 {{invalid properties {predicate = 9 : i64} for op npg.compare: Invalid attribute `predicate` in property conversion: 9 : i64}}
  %0 = "npg.compare"(%a, %a) <{predicate = 9 : i64}> : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return
}

// -----

func.func @select_cond_not_bool(%c: tensor<3xi32>, %a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.select' op operand #0 must be statically shaped tensor of i1, but got 'tensor<3xi32>'}}
  %0 = npg.select %c, %a, %a : tensor<3xi32>, tensor<3xf32>
  return
}

// -----

func.func @select_cond_shape(%c: tensor<2xi1>, %a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.select' op condition tensor<2xi1> and values tensor<3xf32> differ in shape}}
  %0 = npg.select %c, %a, %a : tensor<2xi1>, tensor<3xf32>
  return
}

// -----

func.func @select_values_differ(%c: tensor<3xi1>, %a: tensor<3xf32>, %b: tensor<3xf64>) {
  // expected-error @+1 {{'npg.select' op true value tensor<3xf32> and false value tensor<3xf64> differ in type}}
  %0 = npg.select %c, %a, %b : tensor<3xi1>, tensor<3xf32>, tensor<3xf64>
  return
}

// -----

func.func @select_result_differs(%c: tensor<3xi1>, %a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.select' op result type tensor<3xf64> differs from the values' type tensor<3xf32>}}
  %0 = "npg.select"(%c, %a, %a) : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf64>
  return
}

// -----

func.func @cast_shape(%a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.cast' op shape changes from tensor<3xf32> to tensor<1x3xf64>; npg.cast only converts element types}}
  %0 = npg.cast %a : tensor<3xf32> to tensor<1x3xf64>
  return
}

//===----------------------------------------------------------------------===//
// BroadcastToOp
//===----------------------------------------------------------------------===//

// -----

func.func @broadcast_dims_length(%a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.broadcast_to' op dims [0, 1] have 2 entries but operand tensor<3xf32> has rank 1}}
  %0 = npg.broadcast_to %a, dims = [0, 1] : tensor<3xf32> to tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_dims_not_increasing(%a: tensor<1x3xf32>) {
  // expected-error @+1 {{'npg.broadcast_to' op dims [1, 0] are not strictly increasing (operand tensor<1x3xf32> to result tensor<3x3xf32>)}}
  %0 = npg.broadcast_to %a, dims = [1, 0] : tensor<1x3xf32> to tensor<3x3xf32>
  return
}

// -----

func.func @broadcast_dims_repeated(%a: tensor<1x1xf32>) {
  // expected-error @+1 {{'npg.broadcast_to' op dims [1, 1] are not strictly increasing (operand tensor<1x1xf32> to result tensor<3x3xf32>)}}
  %0 = npg.broadcast_to %a, dims = [1, 1] : tensor<1x1xf32> to tensor<3x3xf32>
  return
}

// -----

func.func @broadcast_dims_out_of_range(%a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.broadcast_to' op dims [2] map operand dimension 0 to 2, out of range for result tensor<2x3xf32> of rank 2}}
  %0 = npg.broadcast_to %a, dims = [2] : tensor<3xf32> to tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_dims_negative(%a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.broadcast_to' op dims [-1] map operand dimension 0 to -1, out of range for result tensor<2x3xf32> of rank 2}}
  %0 = npg.broadcast_to %a, dims = [-1] : tensor<3xf32> to tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_incompatible(%a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.broadcast_to' op operand tensor<3xf32> dimension 0 (size 3) cannot broadcast to result tensor<3x4xf32> dimension 1 (size 4)}}
  %0 = npg.broadcast_to %a, dims = [1] : tensor<3xf32> to tensor<3x4xf32>
  return
}

// -----

func.func @broadcast_to_smaller(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.broadcast_to' op operand tensor<2x3xf32> has a higher rank than result tensor<3xf32>}}
  %0 = npg.broadcast_to %a, dims = [0, 1] : tensor<2x3xf32> to tensor<3xf32>
  return
}

// -----

func.func @broadcast_element_type(%a: tensor<3xf32>) {
  // expected-error @+1 {{'npg.broadcast_to' op element type changes from tensor<3xf32> to tensor<2x3xf64>}}
  %0 = npg.broadcast_to %a, dims = [1] : tensor<3xf32> to tensor<2x3xf64>
  return
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_axis_out_of_range(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.reduce_sum' op axis 2 in axes [0, 2] is out of range for operand tensor<2x3xf32> of rank 2}}
  %0 = npg.reduce_sum %a, axes = [0, 2], keepdims = false : tensor<2x3xf32> -> tensor<f32>
  return
}

// -----

func.func @reduce_axis_negative(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.reduce_max' op axis -1 in axes [-1] is out of range for operand tensor<2x3xf32> of rank 2}}
  %0 = npg.reduce_max %a, axes = [-1], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @argmax_axis_out_of_range(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.argmax' op axis 2 is out of range for operand tensor<2x3xf32> of rank 2}}
  %0 = npg.argmax %a, axis = 2, keepdims = false : tensor<2x3xf32> -> tensor<2xi64>
  return
}

// -----

func.func @argmin_of_an_empty_axis(%a: tensor<2x0xf32>) {
  // expected-error @+1 {{'npg.argmin' op axis 1 of operand tensor<2x0xf32> is empty: there is no index to give}}
  %0 = npg.argmin %a, axis = 1, keepdims = false : tensor<2x0xf32> -> tensor<2xi64>
  return
}

// -----

func.func @argmax_of_a_scalar(%a: tensor<f32>) {
  // expected-error @+1 {{'npg.argmax' op axis 0 is out of range for operand tensor<f32> of rank 0}}
  %0 = npg.argmax %a, axis = 0, keepdims = false : tensor<f32> -> tensor<i64>
  return
}

// -----

func.func @argmax_result_type(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.argmax' op result type tensor<2x1xi64> does not match the inferred type tensor<2xi64>}}
  %0 = "npg.argmax"(%a) <{axis = 1 : i64, keepdims = false}> : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return
}

// -----

func.func @argmax_result_element_type(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{result #0 must be}}
  %0 = npg.argmax %a, axis = 1, keepdims = false : tensor<2x3xf32> -> tensor<2xi32>
  return
}

// -----

func.func @linear_scan_axis_out_of_range(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.linear_scan' op axis 2 is out of range for tensor<2x3xf32> of rank 2}}
  %0 = npg.linear_scan %a, %a, axis = 2, reverse = false, strong_zero = false : tensor<2x3xf32>
  return
}

// -----

func.func @linear_scan_of_bools(%a: tensor<3xi1>) {
  // expected-error @+1 {{'npg.linear_scan' op cannot scan tensor<3xi1>: bools have no products or sums}}
  %0 = npg.linear_scan %a, %a, axis = 0, reverse = false, strong_zero = false : tensor<3xi1>
  return
}

// -----

func.func @linear_scan_types_differ(%a: tensor<3xf32>, %b: tensor<3xf64>) {
  // expected-error @+1 {{'npg.linear_scan' op requires the same type for all operands and results}}
  %0 = "npg.linear_scan"(%a, %b) <{axis = 0 : i64, reverse = false, strong_zero = false}> : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xf32>
  return
}

// -----

func.func @reduce_axis_repeated(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.reduce_min' op axes [1, 1] repeat axis 1 (operand tensor<2x3xf32>)}}
  %0 = npg.reduce_min %a, axes = [1, 1], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @reduce_axes_unsorted(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.reduce_sum' op axes [1, 0] are not in increasing order (operand tensor<2x3xf32>)}}
  %0 = npg.reduce_sum %a, axes = [1, 0], keepdims = false : tensor<2x3xf32> -> tensor<f32>
  return
}

// -----

func.func @reduce_axis_on_scalar(%a: tensor<f32>) {
  // expected-error @+1 {{'npg.reduce_sum' op axis 0 in axes [0] is out of range for operand tensor<f32> of rank 0}}
  %0 = npg.reduce_sum %a, axes = [0], keepdims = false : tensor<f32> -> tensor<f32>
  return
}

// -----

func.func @reduce_result(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.reduce_sum' op result type tensor<2xf32> does not match the inferred type tensor<3xf32>}}
  %0 = npg.reduce_sum %a, axes = [0], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @reduce_keepdims_result(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.reduce_sum' op result type tensor<3xf32> does not match the inferred type tensor<1x3xf32>}}
  %0 = npg.reduce_sum %a, axes = [0], keepdims = true : tensor<2x3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @reduce_element_type(%a: tensor<2x3xi1>) {
  // expected-error @+1 {{'npg.reduce_sum' op result type tensor<3xi64> does not match the inferred type tensor<3xi1>}}
  %0 = npg.reduce_sum %a, axes = [0], keepdims = false : tensor<2x3xi1> -> tensor<3xi64>
  return
}

//===----------------------------------------------------------------------===//
// ReshapeOp, TransposeOp
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_count(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.reshape' op operand tensor<2x3xf32> has 6 elements but result tensor<5xf32> has 5}}
  %0 = npg.reshape %a : tensor<2x3xf32> to tensor<5xf32>
  return
}

// -----

func.func @reshape_element_type(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.reshape' op element type changes from tensor<2x3xf32> to tensor<6xi32>; use npg.cast}}
  %0 = npg.reshape %a : tensor<2x3xf32> to tensor<6xi32>
  return
}

// -----

func.func @transpose_length(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.transpose' op permutation [1, 0, 2] has 3 entries but operand tensor<2x3xf32> has rank 2}}
  %0 = npg.transpose %a, perm = [1, 0, 2] : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_repeated(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.transpose' op permutation [0, 0] is not a permutation of 0..1 (operand tensor<2x3xf32>)}}
  %0 = npg.transpose %a, perm = [0, 0] : tensor<2x3xf32> -> tensor<2x2xf32>
  return
}

// -----

func.func @transpose_out_of_range(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.transpose' op permutation [2, 0] is not a permutation of 0..1 (operand tensor<2x3xf32>)}}
  %0 = npg.transpose %a, perm = [2, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_result(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.transpose' op result type tensor<2x3xf32> does not match the inferred type tensor<3x2xf32>}}
  %0 = npg.transpose %a, perm = [1, 0] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_contraction(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'npg.matmul' op contraction dimensions differ: lhs tensor<2x3xf32> has 3, rhs tensor<4x5xf32> has 4}}
  %0 = npg.matmul %a, %b : tensor<2x3xf32>, tensor<4x5xf32> -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul_vector_contraction(%a: tensor<3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'npg.matmul' op contraction dimensions differ: lhs tensor<3xf32> has 3, rhs tensor<4xf32> has 4}}
  %0 = npg.matmul %a, %b : tensor<3xf32>, tensor<4xf32> -> tensor<f32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x2x3xf32>, %b: tensor<3x3x4xf32>) {
  // expected-error @+1 {{'npg.matmul' op batch dimensions do not broadcast: lhs tensor<2x2x3xf32>, rhs tensor<3x3x4xf32>}}
  %0 = npg.matmul %a, %b : tensor<2x2x3xf32>, tensor<3x3x4xf32> -> tensor<2x2x4xf32>
  return
}

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'npg.matmul' op operands must have rank >= 1, got lhs tensor<f32>, rhs tensor<3xf32>}}
  %0 = npg.matmul %a, %b : tensor<f32>, tensor<3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @matmul_element_types(%a: tensor<2x3xf32>, %b: tensor<3x4xf64>) {
  // expected-error @+1 {{'npg.matmul' op element types differ: lhs tensor<2x3xf32>, rhs tensor<3x4xf64>}}
  %0 = npg.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf64> -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_result(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'npg.matmul' op result type tensor<2x1xf32> does not match the inferred type tensor<2xf32>}}
  %0 = npg.matmul %a, %b : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x1xf32>
  return
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

// -----

func.func @slice_zero_step(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.slice' op step of dimension 1 is 0 (operand tensor<4x3xf32>)}}
  %0 = npg.slice %a, starts = [0, 0], limits = [4, 3], steps = [1, 0] : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @slice_limit_out_of_range(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.slice' op dimension 0 of operand tensor<4x3xf32> (size 4): start 0, limit 5, step 1 need 0 <= start <= limit <= size}}
  %0 = npg.slice %a, starts = [0, 0], limits = [5, 3], steps = [1, 1] : tensor<4x3xf32> -> tensor<5x3xf32>
  return
}

// -----

func.func @slice_negative_start(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.slice' op dimension 1 of operand tensor<4x3xf32> (size 3): start -1, limit 2, step 1 need 0 <= start <= limit <= size}}
  %0 = npg.slice %a, starts = [0, -1], limits = [4, 2], steps = [1, 1] : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @slice_start_after_limit(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.slice' op dimension 0 of operand tensor<4x3xf32> (size 4): start 3, limit 1, step 1 need 0 <= start <= limit <= size}}
  %0 = npg.slice %a, starts = [3, 0], limits = [1, 3], steps = [1, 1] : tensor<4x3xf32> -> tensor<0x3xf32>
  return
}

// -----

func.func @slice_negative_step_start(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.slice' op dimension 0 of operand tensor<4x3xf32> (size 4): start 4, limit -1, step -1 need -1 <= limit <= start <= size - 1}}
  %0 = npg.slice %a, starts = [4, 0], limits = [-1, 3], steps = [-1, 1] : tensor<4x3xf32> -> tensor<5x3xf32>
  return
}

// -----

func.func @slice_negative_step_limit(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.slice' op dimension 1 of operand tensor<4x3xf32> (size 3): start 2, limit -2, step -1 need -1 <= limit <= start <= size - 1}}
  %0 = npg.slice %a, starts = [0, 2], limits = [4, -2], steps = [1, -1] : tensor<4x3xf32> -> tensor<4x4xf32>
  return
}

// -----

func.func @slice_entries(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.slice' op starts, limits and steps need one entry per dimension of operand tensor<4x3xf32> (rank 2), got 2, 1 and 2}}
  %0 = npg.slice %a, starts = [0, 0], limits = [4], steps = [1, 1] : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @slice_result(%a: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.slice' op result type tensor<4x3xf32> does not match the inferred type tensor<2x3xf32>}}
  %0 = npg.slice %a, starts = [0, 0], limits = [4, 3], steps = [2, 1] : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// InsertSliceOp
//===----------------------------------------------------------------------===//

// -----

func.func @insert_slice_source(%s: tensor<3x3xf32>, %x: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.insert_slice' op source type tensor<3x3xf32> differs from the slice type tensor<2x3xf32> of dest tensor<4x3xf32>}}
  %0 = npg.insert_slice %s into %x, starts = [0, 0], limits = [4, 3], steps = [2, 1] : tensor<3x3xf32> into tensor<4x3xf32>
  return
}

// -----

func.func @insert_slice_element_type(%s: tensor<4x3xf64>, %x: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.insert_slice' op source type tensor<4x3xf64> differs from the slice type tensor<4x3xf32> of dest tensor<4x3xf32>}}
  %0 = npg.insert_slice %s into %x, starts = [0, 0], limits = [4, 3], steps = [1, 1] : tensor<4x3xf64> into tensor<4x3xf32>
  return
}

// -----

func.func @insert_slice_range(%s: tensor<2x3xf32>, %x: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.insert_slice' op dimension 1 of operand tensor<4x3xf32> (size 3): start 3, limit -1, step -1 need -1 <= limit <= start <= size - 1}}
  %0 = npg.insert_slice %s into %x, starts = [0, 3], limits = [2, -1], steps = [1, -1] : tensor<2x3xf32> into tensor<4x3xf32>
  return
}

// -----

func.func @insert_slice_zero_step(%s: tensor<2x3xf32>, %x: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.insert_slice' op step of dimension 0 is 0 (operand tensor<4x3xf32>)}}
  %0 = npg.insert_slice %s into %x, starts = [0, 0], limits = [2, 3], steps = [0, 1] : tensor<2x3xf32> into tensor<4x3xf32>
  return
}

// -----

func.func @insert_slice_entries(%s: tensor<2x3xf32>, %x: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.insert_slice' op starts, limits and steps need one entry per dimension of operand tensor<4x3xf32> (rank 2), got 1, 2 and 2}}
  %0 = npg.insert_slice %s into %x, starts = [0], limits = [2, 3], steps = [1, 1] : tensor<2x3xf32> into tensor<4x3xf32>
  return
}

// -----

func.func @insert_slice_result(%s: tensor<2x3xf32>, %x: tensor<4x3xf32>) {
  // expected-error @+1 {{'npg.insert_slice' op failed to verify that all of {dest, result} have same type}}
  %0 = "npg.insert_slice"(%s, %x) <{starts = array<i64: 0, 0>, limits = array<i64: 2, 3>, steps = array<i64: 1, 1>}> : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'npg.concat' op operand #1 tensor<3xf32> differs in rank from operand #0 tensor<2x3xf32>}}
  %0 = npg.concat %a, %b, axis = 0 : tensor<2x3xf32>, tensor<3xf32> -> tensor<3x3xf32>
  return
}

// -----

func.func @concat_element_type(%a: tensor<2x3xf32>, %b: tensor<1x3xf64>) {
  // expected-error @+1 {{'npg.concat' op operand #1 tensor<1x3xf64> differs in element type from operand #0 tensor<2x3xf32>}}
  %0 = npg.concat %a, %b, axis = 0 : tensor<2x3xf32>, tensor<1x3xf64> -> tensor<3x3xf32>
  return
}

// -----

func.func @concat_other_dim(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<1x4xf32>) {
  // expected-error @+1 {{'npg.concat' op operand #2 tensor<1x4xf32> differs from operand #0 tensor<2x3xf32> in dimension 1 (only axis 0 may differ)}}
  %0 = npg.concat %a, %b, %c, axis = 0 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<1x4xf32> -> tensor<5x3xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.concat' op axis 2 is out of range for operand #0 tensor<2x3xf32> of rank 2}}
  %0 = npg.concat %a, %a, axis = 2 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_negative_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.concat' op axis -1 is out of range for operand #0 tensor<2x3xf32> of rank 2}}
  %0 = npg.concat %a, %a, axis = -1 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_scalars(%a: tensor<f32>) {
  // expected-error @+1 {{'npg.concat' op axis 0 is out of range for operand #0 tensor<f32> of rank 0}}
  %0 = npg.concat %a, %a, axis = 0 : tensor<f32>, tensor<f32> -> tensor<2xf32>
  return
}

// -----

func.func @concat_no_operands() {
  // expected-error @+1 {{'npg.concat' op requires at least one operand}}
  %0 = "npg.concat"() <{axis = 0 : i64}> : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_result(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) {
  // expected-error @+1 {{'npg.concat' op result type tensor<2x3xf32> does not match the inferred type tensor<3x3xf32>}}
  %0 = npg.concat %a, %b, axis = 0 : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// GatherOp, ScatterAddOp
//===----------------------------------------------------------------------===//

// -----

func.func @gather_axis(%x: tensor<3x2xf32>, %i: tensor<4xi64>) {
  // expected-error @+1 {{'npg.gather' op axis 2 is out of range for operand tensor<3x2xf32> of rank 2}}
  %0 = "npg.gather"(%x, %i) <{axis = 2 : i64}> : (tensor<3x2xf32>, tensor<4xi64>) -> tensor<3x2x4xf32>
  return
}

// -----

func.func @gather_0d(%x: tensor<f32>, %i: tensor<4xi64>) {
  // expected-error @+1 {{'npg.gather' op operand tensor<f32> is 0-d: it has no axis to index}}
  %0 = "npg.gather"(%x, %i) <{axis = 0 : i64}> : (tensor<f32>, tensor<4xi64>) -> tensor<4xf32>
  return
}

// -----

func.func @gather_float_indices(%x: tensor<3x2xf32>, %i: tensor<4xf32>) {
  // expected-error @+1 {{'npg.gather' op operand #1 must be statically shaped tensor of i32 or i64, but got 'tensor<4xf32>'}}
  %0 = "npg.gather"(%x, %i) <{axis = 0 : i64}> : (tensor<3x2xf32>, tensor<4xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @gather_result(%x: tensor<3x2xf32>, %i: tensor<2x4xi32>) {
  // expected-error @+1 {{'npg.gather' op result type tensor<4x2xf32> does not match the inferred type tensor<3x2x4xf32>}}
  %0 = npg.gather %x, %i, axis = 1 : tensor<3x2xf32>, tensor<2x4xi32> -> tensor<4x2xf32>
  return
}

// -----

func.func @scatter_add_updates(%u: tensor<4x3xf32>, %x: tensor<3x2xf32>, %i: tensor<4xi64>) {
  // expected-error @+1 {{'npg.scatter_add' op updates type tensor<4x3xf32> differs from the type tensor<4x2xf32> that dest tensor<3x2xf32> gathered at indices tensor<4xi64> along axis 0 has}}
  %0 = npg.scatter_add %u into %x at %i, axis = 0 : tensor<4x3xf32>, tensor<4xi64> into tensor<3x2xf32>
  return
}

// -----

func.func @scatter_add_element_type(%u: tensor<4x2xf64>, %x: tensor<3x2xf32>, %i: tensor<4xi64>) {
  // expected-error @+1 {{'npg.scatter_add' op updates type tensor<4x2xf64> differs from the type tensor<4x2xf32>}}
  %0 = npg.scatter_add %u into %x at %i, axis = 0 : tensor<4x2xf64>, tensor<4xi64> into tensor<3x2xf32>
  return
}

// -----

func.func @scatter_add_axis(%u: tensor<4x2xf32>, %x: tensor<3x2xf32>, %i: tensor<4xi64>) {
  // expected-error @+1 {{'npg.scatter_add' op axis -1 is out of range for operand tensor<3x2xf32> of rank 2}}
  %0 = npg.scatter_add %u into %x at %i, axis = -1 : tensor<4x2xf32>, tensor<4xi64> into tensor<3x2xf32>
  return
}

// -----

func.func @scatter_add_bool_indices(%u: tensor<4x2xf32>, %x: tensor<3x2xf32>, %i: tensor<4xi1>) {
  // expected-error @+1 {{'npg.scatter_add' op operand #1 must be statically shaped tensor of i32 or i64, but got 'tensor<4xi1>'}}
  %0 = "npg.scatter_add"(%x, %i, %u) <{axis = 0 : i64}> : (tensor<3x2xf32>, tensor<4xi1>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return
}

//===----------------------------------------------------------------------===//
// Composite ops
//===----------------------------------------------------------------------===//

// -----

func.func @clip_without_bounds(%x: tensor<3xf32>) {
  // expected-error @+1 {{'npg.clip' op needs at least one of the bounds 'lo' and 'hi'}}
  %0 = npg.clip %x : tensor<3xf32>
  return
}

// -----

func.func @clip_bools(%x: tensor<3xi1>) {
  // expected-error @+1 {{'npg.clip' op cannot clip tensor<3xi1>: bools have no order to clip to}}
  %0 = npg.clip %x lo = 0.0 : tensor<3xi1>
  return
}

// -----

func.func @clip_changes_type(%x: tensor<3xf32>) {
  // expected-error @+1 {{'npg.clip' op requires operands and result of one type, got (tensor<3xf32>) -> tensor<3xf64>}}
  %0 = "npg.clip"(%x) {lo = 0.0 : f64} : (tensor<3xf32>) -> tensor<3xf64>
  return
}

// -----

func.func @softplus_of_ints(%x: tensor<3xi32>) {
  // expected-error @+1 {{'npg.softplus' op operand #0 must be statically shaped tensor of f32 or f64, but got 'tensor<3xi32>'}}
  %0 = npg.softplus %x : tensor<3xi32>
  return
}

// -----

func.func @mean_of_ints(%x: tensor<2x3xi64>) {
  // expected-error @+1 {{'npg.reduce_mean' op operand #0 must be statically shaped tensor of f32 or f64, but got 'tensor<2x3xi64>'}}
  %0 = npg.reduce_mean %x, axes = [1], keepdims = false : tensor<2x3xi64> -> tensor<2xi64>
  return
}

// -----

func.func @logsumexp_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.logsumexp' op axis 2 in axes [2] is out of range for operand tensor<2x3xf32> of rank 2}}
  %0 = npg.logsumexp %x, axes = [2], keepdims = false : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @var_axes_unordered(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.var' op axes [1, 0] are not in increasing order (operand tensor<2x3xf32>)}}
  %0 = npg.var %x, axes = [1, 0], ddof = 0, keepdims = false : tensor<2x3xf32> -> tensor<f32>
  return
}

// -----

func.func @std_wrong_result(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.std' op result type tensor<3xf32> does not match the inferred type tensor<2xf32>}}
  %0 = "npg.std"(%x) {axes = array<i64: 1>, ddof = 0 : i64} : (tensor<2x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @var_of_ints(%x: tensor<2x3xi32>) {
  // expected-error @+1 {{'npg.var' op operand #0 must be statically shaped tensor of f32 or f64, but got 'tensor<2x3xi32>'}}
  %0 = npg.var %x, axes = [1], ddof = 0, keepdims = false : tensor<2x3xi32> -> tensor<2xi32>
  return
}

// -----

func.func @softmax_axis_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npg.softmax' op axis 2 is out of range for operand tensor<2x3xf32> of rank 2}}
  %0 = npg.softmax %x, axis = 2 : tensor<2x3xf32>
  return
}

// -----

func.func @log_softmax_of_a_scalar(%x: tensor<f32>) {
  // expected-error @+1 {{'npg.log_softmax' op axis 0 is out of range for operand tensor<f32> of rank 0}}
  %0 = npg.log_softmax %x, axis = 0 : tensor<f32>
  return
}

// -----

func.func @random_uniform_of_integers(%s: tensor<i64>, %o: tensor<i64>) {
  // expected-error @+1 {{'npg.random_uniform' op result #0 must be statically shaped tensor of f32 or f64, but got 'tensor<3xi64>'}}
  %0 = npg.random_uniform %s, %o : tensor<3xi64>
  return
}

// -----

func.func @random_uniform_seed_of_rank_1(%s: tensor<1xi64>, %o: tensor<i64>) {
  // expected-error @+1 {{'npg.random_uniform' op operand #0 must be 0D tensor of 64-bit signless integer values, but got 'tensor<1xi64>'}}
  %0 = "npg.random_uniform"(%s, %o) : (tensor<1xi64>, tensor<i64>) -> tensor<3xf32>
  return
}

// -----

func.func @random_uniform_offset_of_i32(%s: tensor<i64>, %o: tensor<i32>) {
  // expected-error @+1 {{'npg.random_uniform' op operand #1 must be 0D tensor of 64-bit signless integer values, but got 'tensor<i32>'}}
  %0 = "npg.random_uniform"(%s, %o) : (tensor<i64>, tensor<i32>) -> tensor<3xf32>
  return
}
