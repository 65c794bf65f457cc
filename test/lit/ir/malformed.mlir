// Malformed npg IR: npg-opt reports an error and exits non-zero, and never
// crashes (`not` fails on a crash). Release MLIR has no asserts, so invalid
// ops must not reach code that indexes without checking.
// RUN: not npg-opt %s -split-input-file 2>&1 | FileCheck %s

// CHECK: error: custom op 'npg.add' invalid kind of type specified
func.func @f(%a: f32) {
  %0 = npg.add %a, %a : f32
  return
}

// -----

// CHECK: error: expected '['
func.func @f(%a: tensor<2xf32>) {
  %0 = npg.reduce_sum %a, axes = 3, keepdims = false : tensor<2xf32> -> tensor<f32>
  return
}

// -----

// CHECK: error: 'npg.transpose' op permutation [9223372036854775807] is not a permutation of 0..0 (operand tensor<2xf32>)
func.func @f(%a: tensor<2xf32>) {
  %0 = npg.transpose %a, perm = [9223372036854775807] : tensor<2xf32> -> tensor<2xf32>
  return
}

// -----

// An INT64_MIN step (generic form: the custom one rejects the literal).
// CHECK: error: 'npg.slice' op result type tensor<2xf32> does not match the inferred type tensor<1xf32>
func.func @f(%a: tensor<2xf32>) {
  %0 = "npg.slice"(%a) <{starts = array<i64: 1>, limits = array<i64: -1>, steps = array<i64: -9223372036854775808>}> : (tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

// CHECK: error: expected ','
func.func @f(%a: tensor<2xf32>) {
  %0 = npg.concat %a, %a : tensor<2xf32>, tensor<2xf32> -> tensor<4xf32>
  return
}

// -----

// CHECK: error: 'npg.matmul' op expected 2 operands, but found 1
func.func @f(%a: tensor<2xf32>) {
  %0 = "npg.matmul"(%a) : (tensor<2xf32>) -> tensor<f32>
  return
}

// -----

// CHECK: error: invalid properties {axes = "x"} for op npg.reduce_sum
func.func @f(%a: tensor<2xf32>) {
  %0 = "npg.reduce_sum"(%a) <{axes = "x"}> : (tensor<2xf32>) -> tensor<f32>
  return
}

// -----

// CHECK: error: custom op 'npg.frobnicate' is unknown
func.func @f(%a: tensor<2xf32>) {
  %0 = npg.frobnicate %a : tensor<2xf32>
  return
}

// -----

// CHECK: error: custom op 'npg.constant' invalid kind of attribute specified
func.func @f() {
  %0 = npg.constant 1.0 : f32
  return
}

// -----

// CHECK: error: inferred shape of elements literal ([2]) does not match type ([3])
func.func @f() {
  %0 = npg.constant dense<[1.0, 2.0]> : tensor<3xf32>
  return
}

// -----

// CHECK: error: 'npg.concat' op concatenated size along axis 0 overflows
func.func @f(%a: tensor<9223372036854775807xf32>) {
  %0 = npg.concat %a, %a, axis = 0 : tensor<9223372036854775807xf32>, tensor<9223372036854775807xf32> -> tensor<2xf32>
  return
}

// -----

// CHECK: error: 'npg.broadcast_to' op dims [9223372036854775807] map operand dimension 0 to 9223372036854775807, out of range for result tensor<3x2xf32> of rank 2
func.func @f(%a: tensor<2xf32>) {
  %0 = npg.broadcast_to %a, dims = [9223372036854775807] : tensor<2xf32> to tensor<3x2xf32>
  return
}

// -----

// CHECK: error: custom op 'npg.compare' invalid kind of type specified
func.func @f(%a: tensor<2xf32>) {
  %0 = npg.compare gt, %a, %a : tensor<*xf32>
  return
}

// -----

// CHECK: error: expected ','
func.func @f(%a: tensor<2xf32>, %c: tensor<2xi1>) {
  %0 = npg.select %c, %a : tensor<2xi1>, tensor<2xf32>
  return
}

// -----

// CHECK: error: expected '->'
func.func @f(%a: tensor<2xf32>) {
  %0 = npg.matmul %a, %a : tensor<2xf32>, tensor<2xf32>
  return
}

// -----

// CHECK: error: 'npg.slice' op requires attribute 'steps'
func.func @f(%a: tensor<2xf32>) {
  %0 = "npg.slice"(%a) <{starts = array<i64: 0>, limits = array<i64: 2>}> : (tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

// CHECK: error: 'npg.transpose' op requires a single operand
func.func @f(%a: tensor<2xf32>) {
  %0 = "npg.transpose"() <{permutation = array<i64: 0>}> : () -> tensor<2xf32>
  return
}

// -----

// CHECK: error: expected non-function type
func.func @f(%a: tensor<2xf32>) {
  %0 = npg.concat axis = 0 : -> tensor<2xf32>
  return
}
