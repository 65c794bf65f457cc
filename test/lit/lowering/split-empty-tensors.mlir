// RUN: npg-opt %s --npg-split-empty-tensors | FileCheck %s

// One tensor.empty (as CSE leaves it) is the destination of two generics
// and an insert: each gets its own, just before it. An empty with one use
// is left alone.
#id = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @shared(
// CHECK-SAME:      %[[X:.*]]: tensor<4xf32>, %[[S:.*]]: tensor<2xf32>
// CHECK-NEXT:    %[[E:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT:    %[[A:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<4xf32>) outs(%[[E]] : tensor<4xf32>)
// CHECK:         %[[E1:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT:    %[[B:.*]] = linalg.generic {{.*}} ins(%[[A]] : tensor<4xf32>) outs(%[[E1]] : tensor<4xf32>)
// CHECK:         %[[E2:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-NEXT:    %[[I:.*]] = tensor.insert_slice %[[S]] into %[[E2]][0] [2] [1]
// CHECK-NEXT:    %[[ONE:.*]] = tensor.empty() : tensor<2xf32>
// CHECK-NOT:     tensor.empty
// CHECK:         return
func.func @shared(%x: tensor<4xf32>, %s: tensor<2xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<2xf32>) {
  %e = tensor.empty() : tensor<4xf32>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<4xf32>
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.addf %in, %in : f32
    linalg.yield %n : f32
  } -> tensor<4xf32>
  %i = tensor.insert_slice %s into %e[0] [2] [1] : tensor<2xf32> into tensor<4xf32>
  %one = tensor.empty() : tensor<2xf32>
  %c = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%s : tensor<2xf32>) outs(%one : tensor<2xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2xf32>
  return %b, %i, %c : tensor<4xf32>, tensor<4xf32>, tensor<2xf32>
}

// Dynamic sizes are reused by the copies.
// CHECK-LABEL: func.func @dynamic(
// CHECK-SAME:      %[[N:.*]]: index
// CHECK:         %[[E0:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK-NEXT:    tensor.insert_slice %{{.*}} into %[[E0]][0]
// CHECK-NEXT:    %[[E1:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK-NEXT:    tensor.insert_slice %{{.*}} into %[[E1]][1]
func.func @dynamic(%n: index, %s: tensor<1xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %e = tensor.empty(%n) : tensor<?xf32>
  %0 = tensor.insert_slice %s into %e[0] [1] [1] : tensor<1xf32> into tensor<?xf32>
  %1 = tensor.insert_slice %s into %e[1] [1] [1] : tensor<1xf32> into tensor<?xf32>
  return %0, %1 : tensor<?xf32>, tensor<?xf32>
}
