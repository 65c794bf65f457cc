// Every npg op parses, verifies and prints back to the same custom form,
// directly and through the generic form; the generic form names the ops.
// RUN: npg-opt %s | npg-opt | FileCheck %s
// RUN: npg-opt %s --mlir-print-op-generic | npg-opt | FileCheck %s
// RUN: npg-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @constants()
func.func @constants() -> (tensor<f32>, tensor<2x2xi64>, tensor<3xi1>, tensor<2x3xf64>, tensor<i32>) {
  // CHECK-NEXT: npg.constant dense<1.000000e+00> : tensor<f32>
  // CHECK-NEXT: npg.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi64>
  // CHECK-NEXT: npg.constant dense<[true, false, true]> : tensor<3xi1>
  // CHECK-NEXT: npg.constant dense<5.000000e-01> : tensor<2x3xf64>
  // CHECK-NEXT: npg.constant {note = "kept"} dense<7> : tensor<i32>
  // GENERIC: "npg.constant"() <{value = dense<1.000000e+00> : tensor<f32>}> : () -> tensor<f32>
  %0 = npg.constant dense<1.0> : tensor<f32>
  %1 = npg.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %2 = npg.constant dense<[true, false, true]> : tensor<3xi1>
  %3 = npg.constant dense<0.5> : tensor<2x3xf64>
  %4 = npg.constant {note = "kept"} dense<7> : tensor<i32>
  return %0, %1, %2, %3, %4 : tensor<f32>, tensor<2x2xi64>, tensor<3xi1>, tensor<2x3xf64>, tensor<i32>
}

// CHECK-LABEL: func.func @binary(
// CHECK-SAME: %[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<4xi64>, %[[S:.*]]: tensor<f64>, %[[P:.*]]: tensor<5xi1>)
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %i: tensor<4xi64>, %s: tensor<f64>, %p: tensor<5xi1>) {
  // CHECK-NEXT: npg.add %[[A]], %[[B]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.sub %[[A]], %[[B]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.mul %[[A]], %[[B]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.div %[[A]], %[[B]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.pow %[[A]], %[[B]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.maximum %[[A]], %[[B]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.minimum %[[A]], %[[B]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.add %[[I]], %[[I]] : tensor<4xi64>
  // CHECK-NEXT: npg.div %[[I]], %[[I]] : tensor<4xi64>
  // CHECK-NEXT: npg.mul %[[S]], %[[S]] : tensor<f64>
  // CHECK-NEXT: npg.maximum %[[P]], %[[P]] : tensor<5xi1>
  // GENERIC: "npg.add"(%{{.*}}, %{{.*}}) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = npg.add %a, %b : tensor<2x3xf32>
  %1 = npg.sub %a, %b : tensor<2x3xf32>
  %2 = npg.mul %a, %b : tensor<2x3xf32>
  %3 = npg.div %a, %b : tensor<2x3xf32>
  %4 = npg.pow %a, %b : tensor<2x3xf32>
  %5 = npg.maximum %a, %b : tensor<2x3xf32>
  %6 = npg.minimum %a, %b : tensor<2x3xf32>
  %7 = npg.add %i, %i : tensor<4xi64>
  %8 = npg.div %i, %i : tensor<4xi64>
  %9 = npg.mul %s, %s : tensor<f64>
  %10 = npg.maximum %p, %p : tensor<5xi1>
  return
}

// CHECK-LABEL: func.func @unary(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<3xi32>, %[[D:.*]]: tensor<f64>)
func.func @unary(%x: tensor<2x3xf32>, %i: tensor<3xi32>, %d: tensor<f64>) {
  // CHECK-NEXT: npg.neg %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.exp %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.log %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.sqrt %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.abs %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.tanh %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.sigmoid %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.relu %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.sin %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.cos %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.tan %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.sign %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.floor %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.ceil %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.round %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.neg %[[I]] : tensor<3xi32>
  // CHECK-NEXT: npg.abs %[[I]] : tensor<3xi32>
  // CHECK-NEXT: npg.sign %[[I]] : tensor<3xi32>
  // CHECK-NEXT: npg.relu %[[I]] : tensor<3xi32>
  // CHECK-NEXT: npg.exp %[[D]] : tensor<f64>
  // CHECK-NEXT: npg.log1p %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.expm1 %[[D]] : tensor<f64>
  // GENERIC: "npg.sigmoid"(%{{.*}}) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = npg.neg %x : tensor<2x3xf32>
  %1 = npg.exp %x : tensor<2x3xf32>
  %2 = npg.log %x : tensor<2x3xf32>
  %3 = npg.sqrt %x : tensor<2x3xf32>
  %4 = npg.abs %x : tensor<2x3xf32>
  %5 = npg.tanh %x : tensor<2x3xf32>
  %6 = npg.sigmoid %x : tensor<2x3xf32>
  %7 = npg.relu %x : tensor<2x3xf32>
  %8 = npg.sin %x : tensor<2x3xf32>
  %9 = npg.cos %x : tensor<2x3xf32>
  %10 = npg.tan %x : tensor<2x3xf32>
  %11 = npg.sign %x : tensor<2x3xf32>
  %12 = npg.floor %x : tensor<2x3xf32>
  %13 = npg.ceil %x : tensor<2x3xf32>
  %14 = npg.round %x : tensor<2x3xf32>
  %15 = npg.neg %i : tensor<3xi32>
  %16 = npg.abs %i : tensor<3xi32>
  %17 = npg.sign %i : tensor<3xi32>
  %18 = npg.relu %i : tensor<3xi32>
  %19 = npg.exp %d : tensor<f64>
  %20 = npg.log1p %x : tensor<2x3xf32>
  %21 = npg.expm1 %d : tensor<f64>
  return
}

// CHECK-LABEL: func.func @compare_select_cast(
// CHECK-SAME: %[[A:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[I:.*]]: tensor<2x2xi64>)
func.func @compare_select_cast(%a: tensor<3xf32>, %b: tensor<3xf32>, %i: tensor<2x2xi64>) -> tensor<3xf32> {
  // CHECK-NEXT: %[[EQ:.*]] = npg.compare eq, %[[A]], %[[B]] : tensor<3xf32>
  // CHECK-NEXT: npg.compare ne, %[[A]], %[[B]] : tensor<3xf32>
  // CHECK-NEXT: npg.compare lt, %[[A]], %[[B]] : tensor<3xf32>
  // CHECK-NEXT: npg.compare le, %[[A]], %[[B]] : tensor<3xf32>
  // CHECK-NEXT: npg.compare gt, %[[A]], %[[B]] : tensor<3xf32>
  // CHECK-NEXT: npg.compare ge, %[[I]], %[[I]] : tensor<2x2xi64>
  // CHECK-NEXT: %[[SEL:.*]] = npg.select %[[EQ]], %[[A]], %[[B]] : tensor<3xi1>, tensor<3xf32>
  // CHECK-NEXT: npg.cast %[[A]] : tensor<3xf32> to tensor<3xf64>
  // CHECK-NEXT: npg.cast %[[I]] : tensor<2x2xi64> to tensor<2x2xi1>
  // CHECK-NEXT: npg.cast %[[EQ]] : tensor<3xi1> to tensor<3xi32>
  // CHECK-NEXT: return %[[SEL]]
  // GENERIC: "npg.compare"(%{{.*}}, %{{.*}}) <{predicate = 0 : i64}> : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  // GENERIC: "npg.select"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %eq = npg.compare eq, %a, %b : tensor<3xf32>
  %ne = npg.compare ne, %a, %b : tensor<3xf32>
  %lt = npg.compare lt, %a, %b : tensor<3xf32>
  %le = npg.compare le, %a, %b : tensor<3xf32>
  %gt = npg.compare gt, %a, %b : tensor<3xf32>
  %ge = npg.compare ge, %i, %i : tensor<2x2xi64>
  %sel = npg.select %eq, %a, %b : tensor<3xi1>, tensor<3xf32>
  %c0 = npg.cast %a : tensor<3xf32> to tensor<3xf64>
  %c1 = npg.cast %i : tensor<2x2xi64> to tensor<2x2xi1>
  %c2 = npg.cast %eq : tensor<3xi1> to tensor<3xi32>
  return %sel : tensor<3xf32>
}

// CHECK-LABEL: func.func @broadcast(
// CHECK-SAME: %[[V:.*]]: tensor<3xf32>, %[[C:.*]]: tensor<2x1xi32>, %[[S:.*]]: tensor<f32>)
func.func @broadcast(%v: tensor<3xf32>, %c: tensor<2x1xi32>, %s: tensor<f32>) {
  // CHECK-NEXT: npg.broadcast_to %[[V]], dims = [1] : tensor<3xf32> to tensor<2x3xf32>
  // CHECK-NEXT: npg.broadcast_to %[[C]], dims = [0, 1] : tensor<2x1xi32> to tensor<2x4xi32>
  // CHECK-NEXT: npg.broadcast_to %[[C]], dims = [0, 2] : tensor<2x1xi32> to tensor<2x5x1xi32>
  // CHECK-NEXT: npg.broadcast_to %[[S]], dims = [] : tensor<f32> to tensor<4x5xf32>
  // GENERIC: "npg.broadcast_to"(%{{.*}}) <{dimensions = array<i64: 1>}> : (tensor<3xf32>) -> tensor<2x3xf32>
  %0 = npg.broadcast_to %v, dims = [1] : tensor<3xf32> to tensor<2x3xf32>
  %1 = npg.broadcast_to %c, dims = [0, 1] : tensor<2x1xi32> to tensor<2x4xi32>
  %2 = npg.broadcast_to %c, dims = [0, 2] : tensor<2x1xi32> to tensor<2x5x1xi32>
  %3 = npg.broadcast_to %s, dims = [] : tensor<f32> to tensor<4x5xf32>
  return
}

// CHECK-LABEL: func.func @reductions(
// CHECK-SAME: %[[X:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<5xi1>)
func.func @reductions(%x: tensor<2x3x4xf32>, %b: tensor<5xi1>) {
  // CHECK-NEXT: npg.reduce_sum %[[X]], axes = [0, 2], keepdims = false : tensor<2x3x4xf32> -> tensor<3xf32>
  // CHECK-NEXT: npg.reduce_sum %[[X]], axes = [0, 2], keepdims = true : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
  // CHECK-NEXT: npg.reduce_max %[[X]], axes = [0, 1, 2], keepdims = false : tensor<2x3x4xf32> -> tensor<f32>
  // CHECK-NEXT: npg.reduce_min %[[X]], axes = [], keepdims = false : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  // CHECK-NEXT: npg.reduce_max %[[B]], axes = [0], keepdims = false : tensor<5xi1> -> tensor<i1>
  // CHECK-NEXT: npg.reduce_prod %[[X]], axes = [1], keepdims = true : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  // CHECK-NEXT: npg.argmax %[[X]], axis = 1, keepdims = false : tensor<2x3x4xf32> -> tensor<2x4xi64>
  // CHECK-NEXT: npg.argmin %[[B]], axis = 0, keepdims = true : tensor<5xi1> -> tensor<1xi64>
  // CHECK-NEXT: npg.linear_scan %[[X]], %[[X]], axis = 2, reverse = true, strong_zero = false : tensor<2x3x4xf32>
  // GENERIC: "npg.reduce_sum"(%{{.*}}) <{axes = array<i64: 0, 2>, keepdims = false}> : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %0 = npg.reduce_sum %x, axes = [0, 2], keepdims = false : tensor<2x3x4xf32> -> tensor<3xf32>
  %1 = npg.reduce_sum %x, axes = [0, 2], keepdims = true : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
  %2 = npg.reduce_max %x, axes = [0, 1, 2], keepdims = false : tensor<2x3x4xf32> -> tensor<f32>
  %3 = npg.reduce_min %x, axes = [], keepdims = false : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %4 = npg.reduce_max %b, axes = [0], keepdims = false : tensor<5xi1> -> tensor<i1>
  %5 = npg.reduce_prod %x, axes = [1], keepdims = true : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  %6 = npg.argmax %x, axis = 1, keepdims = false : tensor<2x3x4xf32> -> tensor<2x4xi64>
  %7 = npg.argmin %b, axis = 0, keepdims = true : tensor<5xi1> -> tensor<1xi64>
  %8 = npg.linear_scan %x, %x, axis = 2, reverse = true, strong_zero = false : tensor<2x3x4xf32>
  return
}

// CHECK-LABEL: func.func @shapes(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<2x3x4xi64>)
func.func @shapes(%x: tensor<2x3xf32>, %y: tensor<2x3x4xi64>) {
  // CHECK-NEXT: npg.reshape %[[X]] : tensor<2x3xf32> to tensor<6xf32>
  // CHECK-NEXT: npg.reshape %[[X]] : tensor<2x3xf32> to tensor<3x1x2xf32>
  // CHECK-NEXT: npg.transpose %[[X]], perm = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  // CHECK-NEXT: npg.transpose %[[Y]], perm = [2, 0, 1] : tensor<2x3x4xi64> -> tensor<4x2x3xi64>
  // GENERIC: "npg.transpose"(%{{.*}}) <{permutation = array<i64: 1, 0>}> : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %0 = npg.reshape %x : tensor<2x3xf32> to tensor<6xf32>
  %1 = npg.reshape %x : tensor<2x3xf32> to tensor<3x1x2xf32>
  %2 = npg.transpose %x, perm = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %3 = npg.transpose %y, perm = [2, 0, 1] : tensor<2x3x4xi64> -> tensor<4x2x3xi64>
  return
}

// CHECK-LABEL: func.func @matmuls(
func.func @matmuls(%m: tensor<2x3xf32>, %n: tensor<3x4xf32>, %v: tensor<3xf32>,
                   %w: tensor<2xf32>, %b: tensor<5x1x2x3xf32>, %c: tensor<6x3x4xf32>) {
  // CHECK-NEXT: npg.matmul %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  // CHECK-NEXT: npg.matmul %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3xf32> -> tensor<2xf32>
  // CHECK-NEXT: npg.matmul %{{.*}}, %{{.*}} : tensor<2xf32>, tensor<2x3xf32> -> tensor<3xf32>
  // CHECK-NEXT: npg.matmul %{{.*}}, %{{.*}} : tensor<3xf32>, tensor<3xf32> -> tensor<f32>
  // CHECK-NEXT: npg.matmul %{{.*}}, %{{.*}} : tensor<5x1x2x3xf32>, tensor<6x3x4xf32> -> tensor<5x6x2x4xf32>
  // CHECK-NEXT: npg.matmul %{{.*}}, %{{.*}} : tensor<5x1x2x3xf32>, tensor<3xf32> -> tensor<5x1x2xf32>
  // GENERIC: "npg.matmul"(%{{.*}}, %{{.*}}) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %0 = npg.matmul %m, %n : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  %1 = npg.matmul %m, %v : tensor<2x3xf32>, tensor<3xf32> -> tensor<2xf32>
  %2 = npg.matmul %w, %m : tensor<2xf32>, tensor<2x3xf32> -> tensor<3xf32>
  %3 = npg.matmul %v, %v : tensor<3xf32>, tensor<3xf32> -> tensor<f32>
  %4 = npg.matmul %b, %c : tensor<5x1x2x3xf32>, tensor<6x3x4xf32> -> tensor<5x6x2x4xf32>
  %5 = npg.matmul %b, %v : tensor<5x1x2x3xf32>, tensor<3xf32> -> tensor<5x1x2xf32>
  return
}

// CHECK-LABEL: func.func @slices(
// CHECK-SAME: %[[X:.*]]: tensor<4x3xf32>, %[[E:.*]]: tensor<0xi32>)
func.func @slices(%x: tensor<4x3xf32>, %e: tensor<0xi32>) {
  // CHECK-NEXT: npg.slice %[[X]], starts = [0, 2], limits = [2, -1], steps = [1, -1] : tensor<4x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: npg.slice %[[X]], starts = [1, 0], limits = [4, 3], steps = [2, 5] : tensor<4x3xf32> -> tensor<2x1xf32>
  // CHECK-NEXT: npg.slice %[[X]], starts = [2, 1], limits = [2, 1], steps = [1, -1] : tensor<4x3xf32> -> tensor<0x0xf32>
  // CHECK-NEXT: npg.slice %[[E]], starts = [-1], limits = [-1], steps = [-1] : tensor<0xi32> -> tensor<0xi32>
  // GENERIC: "npg.slice"(%{{.*}}) <{limits = array<i64: 2, -1>, starts = array<i64: 0, 2>, steps = array<i64: 1, -1>}> : (tensor<4x3xf32>) -> tensor<2x3xf32>
  %0 = npg.slice %x, starts = [0, 2], limits = [2, -1], steps = [1, -1] : tensor<4x3xf32> -> tensor<2x3xf32>
  %1 = npg.slice %x, starts = [1, 0], limits = [4, 3], steps = [2, 5] : tensor<4x3xf32> -> tensor<2x1xf32>
  %2 = npg.slice %x, starts = [2, 1], limits = [2, 1], steps = [1, -1] : tensor<4x3xf32> -> tensor<0x0xf32>
  %3 = npg.slice %e, starts = [-1], limits = [-1], steps = [-1] : tensor<0xi32> -> tensor<0xi32>
  return
}

// CHECK-LABEL: func.func @insert_slices(
// CHECK-SAME: %[[S:.*]]: tensor<2x3xf32>, %[[X:.*]]: tensor<4x3xf32>, %[[E:.*]]: tensor<0xi32>)
func.func @insert_slices(%s: tensor<2x3xf32>, %x: tensor<4x3xf32>, %e: tensor<0xi32>) {
  // CHECK-NEXT: npg.insert_slice %[[S]] into %[[X]], starts = [1, 2], limits = [4, -1], steps = [2, -1] : tensor<2x3xf32> into tensor<4x3xf32>
  // CHECK-NEXT: npg.insert_slice %[[E]] into %[[E]], starts = [-1], limits = [-1], steps = [-1] : tensor<0xi32> into tensor<0xi32>
  // GENERIC: "npg.insert_slice"(%{{.*}}, %{{.*}}) <{limits = array<i64: 4, -1>, starts = array<i64: 1, 2>, steps = array<i64: 2, -1>}> : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %0 = npg.insert_slice %s into %x, starts = [1, 2], limits = [4, -1], steps = [2, -1] : tensor<2x3xf32> into tensor<4x3xf32>
  %1 = npg.insert_slice %e into %e, starts = [-1], limits = [-1], steps = [-1] : tensor<0xi32> into tensor<0xi32>
  return
}

// CHECK-LABEL: func.func @concats(
// CHECK-SAME: %[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<1x3xf32>)
func.func @concats(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) {
  // CHECK-NEXT: npg.concat %[[A]], %[[B]], axis = 0 : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<3x3xf32>
  // CHECK-NEXT: npg.concat %[[A]], %[[A]], %[[A]], axis = 1 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x9xf32>
  // CHECK-NEXT: npg.concat %[[B]], axis = 0 : tensor<1x3xf32> -> tensor<1x3xf32>
  // GENERIC: "npg.concat"(%{{.*}}, %{{.*}}) <{axis = 0 : i64}> : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
  %0 = npg.concat %a, %b, axis = 0 : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<3x3xf32>
  %1 = npg.concat %a, %a, %a, axis = 1 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x9xf32>
  %2 = npg.concat %b, axis = 0 : tensor<1x3xf32> -> tensor<1x3xf32>
  return
}

// CHECK-LABEL: func.func @gathers(
// CHECK-SAME: %[[X:.*]]: tensor<3x2xf32>, %[[I:.*]]: tensor<4xi64>, %[[J:.*]]: tensor<2x2xi32>, %[[U:.*]]: tensor<3x2x2xf32>)
func.func @gathers(%x: tensor<3x2xf32>, %i: tensor<4xi64>, %j: tensor<2x2xi32>, %u: tensor<3x2x2xf32>) {
  // CHECK-NEXT: %[[G:.*]] = npg.gather %[[X]], %[[I]], axis = 0 : tensor<3x2xf32>, tensor<4xi64> -> tensor<4x2xf32>
  // CHECK-NEXT: npg.gather %[[X]], %[[J]], axis = 1 : tensor<3x2xf32>, tensor<2x2xi32> -> tensor<3x2x2xf32>
  // CHECK-NEXT: npg.scatter_add %[[G]] into %[[X]] at %[[I]], axis = 0 : tensor<4x2xf32>, tensor<4xi64> into tensor<3x2xf32>
  // CHECK-NEXT: npg.scatter_add %[[U]] into %[[X]] at %[[J]], axis = 1 : tensor<3x2x2xf32>, tensor<2x2xi32> into tensor<3x2xf32>
  // GENERIC: "npg.gather"(%{{.*}}, %{{.*}}) <{axis = 0 : i64}> : (tensor<3x2xf32>, tensor<4xi64>) -> tensor<4x2xf32>
  // GENERIC: "npg.scatter_add"(%{{.*}}, %{{.*}}, %{{.*}}) <{axis = 0 : i64}> : (tensor<3x2xf32>, tensor<4xi64>, tensor<4x2xf32>) -> tensor<3x2xf32>
  %0 = npg.gather %x, %i, axis = 0 : tensor<3x2xf32>, tensor<4xi64> -> tensor<4x2xf32>
  %1 = npg.gather %x, %j, axis = 1 : tensor<3x2xf32>, tensor<2x2xi32> -> tensor<3x2x2xf32>
  %2 = npg.scatter_add %0 into %x at %i, axis = 0 : tensor<4x2xf32>, tensor<4xi64> into tensor<3x2xf32>
  %3 = npg.scatter_add %u into %x at %j, axis = 1 : tensor<3x2x2xf32>, tensor<2x2xi32> into tensor<3x2xf32>
  return
}

// CHECK-LABEL: func.func @random(
// CHECK-SAME: %[[S:.*]]: tensor<i64>, %[[O:.*]]: tensor<i64>)
func.func @random(%s: tensor<i64>, %o: tensor<i64>) {
  // CHECK-NEXT: npg.random_uniform %[[S]], %[[O]] : tensor<4x3xf32>
  // CHECK-NEXT: npg.random_uniform %[[S]], %[[O]] : tensor<f64>
  // GENERIC: "npg.random_uniform"(%{{.*}}, %{{.*}}) : (tensor<i64>, tensor<i64>) -> tensor<4x3xf32>
  %0 = npg.random_uniform %s, %o : tensor<4x3xf32>
  %1 = npg.random_uniform %s, %o : tensor<f64>
  return
}

// The composite ops (their own derivative rules; npg-decompose expands them).
// CHECK-LABEL: func.func @composites(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<4xi64>)
func.func @composites(%x: tensor<2x3xf32>, %i: tensor<4xi64>) {
  // CHECK-NEXT: npg.softplus %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.gelu %[[X]] : tensor<2x3xf32>
  // CHECK-NEXT: npg.clip %[[X]] lo = 0.000000e+00 hi = 1.000000e+00 : tensor<2x3xf32>
  // CHECK-NEXT: npg.clip %[[X]] hi = 6.000000e+00 : tensor<2x3xf32>
  // CHECK-NEXT: npg.clip %[[I]] lo = -2.000000e+00 : tensor<4xi64>
  // CHECK-NEXT: npg.reduce_mean %[[X]], axes = [1], keepdims = true : tensor<2x3xf32> -> tensor<2x1xf32>
  // CHECK-NEXT: npg.var %[[X]], axes = [0, 1], ddof = 1, keepdims = false : tensor<2x3xf32> -> tensor<f32>
  // CHECK-NEXT: npg.std %[[X]], axes = [0], ddof = 0, keepdims = false : tensor<2x3xf32> -> tensor<3xf32>
  // CHECK-NEXT: npg.logsumexp %[[X]], axes = [1], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  // CHECK-NEXT: npg.softmax %[[X]], axis = 1 : tensor<2x3xf32>
  // CHECK-NEXT: npg.log_softmax %[[X]], axis = 0 : tensor<2x3xf32>
  // GENERIC: "npg.clip"(%{{.*}}) <{hi = 1.000000e+00 : f64, lo = 0.000000e+00 : f64}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // GENERIC: "npg.var"(%{{.*}}) <{axes = array<i64: 0, 1>, ddof = 1 : i64, keepdims = false}> : (tensor<2x3xf32>) -> tensor<f32>
  // GENERIC: "npg.softmax"(%{{.*}}) <{axis = 1 : i64}> : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = npg.softplus %x : tensor<2x3xf32>
  %1 = npg.gelu %x : tensor<2x3xf32>
  %2 = npg.clip %x lo = 0.0 hi = 1.0 : tensor<2x3xf32>
  %3 = npg.clip %x hi = 6.0 : tensor<2x3xf32>
  %4 = npg.clip %i lo = -2.0 : tensor<4xi64>
  %5 = npg.reduce_mean %x, axes = [1], keepdims = true : tensor<2x3xf32> -> tensor<2x1xf32>
  %6 = npg.var %x, axes = [0, 1], ddof = 1, keepdims = false : tensor<2x3xf32> -> tensor<f32>
  %7 = npg.std %x, axes = [0], ddof = 0, keepdims = false : tensor<2x3xf32> -> tensor<3xf32>
  %8 = npg.logsumexp %x, axes = [1], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  %9 = npg.softmax %x, axis = 1 : tensor<2x3xf32>
  %10 = npg.log_softmax %x, axis = 0 : tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @stop_gradient(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>)
func.func @stop_gradient(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK-NEXT: npg.stop_gradient %[[X]] : tensor<2x3xf32>
  // GENERIC: "npg.stop_gradient"(%{{.*}}) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %0 = npg.stop_gradient %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
