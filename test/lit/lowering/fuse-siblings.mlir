// RUN: npg-opt %s -npg-fuse-siblings -cse -split-input-file | FileCheck %s

// A sum of f(x) and a map g(x) read x over the same loops: one generic, a
// reduction, writing both results; x is read once, and after CSE exp(x) is
// computed once.
#id = affine_map<(d0) -> (d0)>
#scalar = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @value_and_map
// CHECK:         %[[R:.*]]:2 = linalg.generic
// CHECK-SAME:      iterator_types = ["reduction"]
// CHECK-SAME:      ins(%arg0 : tensor<8xf32>)
// CHECK-SAME:      outs(%{{.*}}, %{{.*}} : tensor<f32>, tensor<8xf32>)
// CHECK:           %[[E:.*]] = math.exp
// CHECK-NOT:       math.exp
// CHECK:           linalg.yield
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]#0, %[[R]]#1
func.func @value_and_map(%x: tensor<8xf32>) -> (tensor<f32>, tensor<8xf32>) {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %sum = linalg.generic {indexing_maps = [#id, #scalar], iterator_types = ["reduction"]}
      ins(%x : tensor<8xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    %s = arith.addf %out, %e : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  %e1 = tensor.empty() : tensor<8xf32>
  %map = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%e1 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    %m = arith.mulf %e, %in : f32
    linalg.yield %m : f32
  } -> tensor<8xf32>
  return %sum, %map : tensor<f32>, tensor<8xf32>
}

// -----

// Two maps reading x with one tensor.empty destination: one all-parallel
// generic with two results (bufferization gives each its own buffer).
#id = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @shared_destination
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK:         %{{.*}}:2 = linalg.generic
// CHECK-SAME:      iterator_types = ["parallel", "parallel"]
// CHECK-SAME:      outs(%[[E]], %[[E]] : tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK-NOT:     linalg.generic
func.func @shared_destination(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %e = tensor.empty() : tensor<2x3xf32>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x3xf32>) outs(%e : tensor<2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<2x3xf32>
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x3xf32>) outs(%e : tensor<2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %in : f32
    linalg.yield %m : f32
  } -> tensor<2x3xf32>
  return %a, %b : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// What the second sibling needs from between the two moves above the first.
#id = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @hoists_what_the_second_needs
// CHECK:         %[[Y:.*]] = tensor.extract_slice %arg1[2] [4] [1]
// CHECK:         %{{.*}}:2 = linalg.generic
// CHECK-SAME:      ins(%arg0, %[[Y]] : tensor<4xf32>, tensor<4xf32>)
// CHECK-NOT:     linalg.generic
func.func @hoists_what_the_second_needs(%x: tensor<4xf32>, %w: tensor<8xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %e = tensor.empty() : tensor<4xf32>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<4xf32>
  %y = tensor.extract_slice %w[2] [4] [1] : tensor<8xf32> to tensor<4xf32>
  %e2 = tensor.empty() : tensor<4xf32>
  %b = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %y : tensor<4xf32>, tensor<4xf32>) outs(%e2 : tensor<4xf32>) {
  ^bb0(%in: f32, %v: f32, %out: f32):
    %m = arith.mulf %in, %v : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

// -----

// Not siblings: the second reads the first's result (it fuses as a
// producer instead), the loops differ, or x is read transposed.
#id = affine_map<(d0, d1) -> (d0, d1)>
#t = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-LABEL: func.func @not_siblings
// CHECK-COUNT-3: linalg.generic
// CHECK-NOT:     linalg.generic
func.func @not_siblings(%x: tensor<3x3xf32>, %z: tensor<3x4xf32>) -> (tensor<3x3xf32>, tensor<3x3xf32>, tensor<3x4xf32>) {
  %e = tensor.empty() : tensor<3x3xf32>
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<3x3xf32>) outs(%e : tensor<3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<3x3xf32>
  %e2 = tensor.empty() : tensor<3x3xf32>
  %b = linalg.generic {indexing_maps = [#t, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<3x3xf32>) outs(%e2 : tensor<3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %in : f32
    linalg.yield %m : f32
  } -> tensor<3x3xf32>
  %e3 = tensor.empty() : tensor<3x4xf32>
  %c = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%z : tensor<3x4xf32>) outs(%e3 : tensor<3x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %in : f32
    linalg.yield %m : f32
  } -> tensor<3x4xf32>
  return %a, %b, %c : tensor<3x3xf32>, tensor<3x3xf32>, tensor<3x4xf32>
}

// -----

// A map whose result feeds another generic stays apart from a reduction:
// merged, it could no longer fuse into that consumer.
#id = affine_map<(d0) -> (d0)>
#scalar = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @keeps_producer_fusable
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction"]
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel"]
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel"]
func.func @keeps_producer_fusable(%x: tensor<8xf32>, %acc: tensor<f32>) -> (tensor<f32>, tensor<8xf32>, tensor<8xf32>) {
  %sum = linalg.generic {indexing_maps = [#id, #scalar], iterator_types = ["reduction"]}
      ins(%x : tensor<8xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %out, %in : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  %e = tensor.empty() : tensor<8xf32>
  %map = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<8xf32>
  %e2 = tensor.empty() : tensor<8xf32>
  %use = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%map : tensor<8xf32>) outs(%e2 : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = math.exp %in : f32
    linalg.yield %m : f32
  } -> tensor<8xf32>
  return %sum, %map, %use : tensor<f32>, tensor<8xf32>, tensor<8xf32>
}
