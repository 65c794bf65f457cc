// RUN: npg-opt %s --convert-npg-to-linalg --canonicalize | FileCheck %s

// Shape ops and matmul. Broadcasts and transposes are generics whose input
// map does the work (so fusion makes them free); reshapes and positive-step
// slices are views.

// A broadcast reads the small operand through its map: new dimensions are
// dropped, a stretched size-1 dimension is pinned to 0.
// CHECK-DAG: #[[BCAST:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[PERM:.*]] = affine_map<(d0, d1, d2) -> (d1, d2, d0)>
// CHECK-DAG: #[[REV:.*]] = affine_map<(d0, d1) -> (d0, -d1 + 2)>
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[MM_A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[MM_B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[MM_C:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[BMM_A:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d3)>
// CHECK-DAG: #[[BMM_B:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d3, d4)>
// CHECK-DAG: #[[BMM_C:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>

// CHECK-LABEL: func.func @broadcast(
// CHECK:         linalg.generic {indexing_maps = [#[[BCAST]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%{{.*}} : tensor<3x1xf32>) outs(%{{.*}} : tensor<2x3x4xf32>)
func.func @broadcast(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = npg.broadcast_to %x, dims = [1, 2] : tensor<3x1xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// Result dimension i is input dimension perm[i].
// CHECK-LABEL: func.func @transpose(
// CHECK:         linalg.generic {indexing_maps = [#[[PERM]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<4x2x3xf32>)
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = npg.transpose %x, perm = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// One reassociation when there is one; otherwise through 1-D; 0-d with an
// empty reassociation.
// CHECK-LABEL: func.func @reshape(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3x4xf32> {{.*}}, %[[S:.*]]: tensor<f32>
// CHECK-DAG:     %[[A:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK-DAG:     %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK-DAG:     %[[B:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [4, 6] : tensor<24xf32> into tensor<4x6xf32>
// CHECK-DAG:     %[[C:.*]] = tensor.expand_shape %[[S]] [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK:         return %[[A]], %[[B]], %[[C]]
func.func @reshape(%x: tensor<2x3x4xf32>, %s: tensor<f32>) -> (tensor<6x4xf32>, tensor<4x6xf32>, tensor<1x1xf32>) {
  %0 = npg.reshape %x : tensor<2x3x4xf32> to tensor<6x4xf32>
  %1 = npg.reshape %x : tensor<2x3x4xf32> to tensor<4x6xf32>
  %2 = npg.reshape %s : tensor<f32> to tensor<1x1xf32>
  return %0, %1, %2 : tensor<6x4xf32>, tensor<4x6xf32>, tensor<1x1xf32>
}

// Positive steps: a strided view. A negative step: the same positions with a
// positive stride, then reversed by a generic.
// CHECK-LABEL: func.func @slice(
// CHECK-SAME:      %[[X:.*]]: tensor<4x3xf32>
// CHECK-DAG:     %[[A:.*]] = tensor.extract_slice %[[X]][1, 0] [2, 2] [2, 2] : tensor<4x3xf32> to tensor<2x2xf32>
// CHECK-DAG:     %[[RANGE:.*]] = tensor.extract_slice %[[X]][1, 0] [2, 3] [1, 1] : tensor<4x3xf32> to tensor<2x3xf32>
// CHECK:         %[[B:.*]] = linalg.generic {indexing_maps = [#[[REV]], #[[ID2]]], {{.*}}} ins(%[[RANGE]] : tensor<2x3xf32>)
// CHECK:         return %[[A]], %[[B]]
func.func @slice(%x: tensor<4x3xf32>) -> (tensor<2x2xf32>, tensor<2x3xf32>) {
  %0 = npg.slice %x, starts = [1, 0], limits = [4, 3], steps = [2, 2] : tensor<4x3xf32> -> tensor<2x2xf32>
  %1 = npg.slice %x, starts = [1, 2], limits = [3, -1], steps = [1, -1] : tensor<4x3xf32> -> tensor<2x3xf32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @concat(
// CHECK-SAME:      %[[A:.*]]: tensor<2x3xf32> {{.*}}, %[[B:.*]]: tensor<1x3xf32>
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[I:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1]
// CHECK:         %[[J:.*]] = tensor.insert_slice %[[B]] into %[[I]][2, 0] [1, 3] [1, 1]
// CHECK:         return %[[J]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) -> tensor<3x3xf32> {
  %0 = npg.concat %a, %b, axis = 0 : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// Eighteen inputs: a chain of inserts costs bufferization time growing with
// its length cubed, so the first sixteen are concatenated into one tensor,
// the last two into another, and those two into the result.
// CHECK-LABEL: func.func @concat_in_groups(
// CHECK:         %[[G0:.*]] = tensor.empty() : tensor<16x2xf32>
// CHECK-COUNT-16: tensor.insert_slice %{{.*}} into %{{.*}}[{{[0-9]+}}, 0] [1, 2] [1, 1] : tensor<1x2xf32> into tensor<16x2xf32>
// CHECK:         %[[G1:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK-COUNT-2: tensor.insert_slice %{{.*}} into %{{.*}} : tensor<1x2xf32> into tensor<2x2xf32>
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<18x2xf32>
// CHECK:         %[[I:.*]] = tensor.insert_slice %{{.*}} into %[[E]][0, 0] [16, 2] [1, 1]
// CHECK:         %[[J:.*]] = tensor.insert_slice %{{.*}} into %[[I]][16, 0] [2, 2] [1, 1]
// CHECK:         return %[[J]]
func.func @concat_in_groups(%a0: tensor<1x2xf32>, %a1: tensor<1x2xf32>, %a2: tensor<1x2xf32>, %a3: tensor<1x2xf32>, %a4: tensor<1x2xf32>, %a5: tensor<1x2xf32>, %a6: tensor<1x2xf32>, %a7: tensor<1x2xf32>, %a8: tensor<1x2xf32>, %a9: tensor<1x2xf32>, %a10: tensor<1x2xf32>, %a11: tensor<1x2xf32>, %a12: tensor<1x2xf32>, %a13: tensor<1x2xf32>, %a14: tensor<1x2xf32>, %a15: tensor<1x2xf32>, %a16: tensor<1x2xf32>, %a17: tensor<1x2xf32>) -> tensor<18x2xf32> {
  %0 = npg.concat %a0, %a1, %a2, %a3, %a4, %a5, %a6, %a7, %a8, %a9, %a10, %a11, %a12, %a13, %a14, %a15, %a16, %a17, axis = 0 : tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32> -> tensor<18x2xf32>
  return %0 : tensor<18x2xf32>
}

// Autodiff's gradient of a slice: the source inserted into zeros. The zeros
// are a fill (not a constant to copy), the reversed dimension is read
// backwards, rows 1 and 3 are written with stride 2.
// CHECK-LABEL: func.func @insert_slice(
// CHECK-SAME:      %[[S:.*]]: tensor<2x3xf32>
// CHECK:         %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4x3xf32>)
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[REV]], #[[ID2]]], {{.*}}} ins(%[[S]] : tensor<2x3xf32>)
// CHECK:         %[[I:.*]] = tensor.insert_slice %[[R]] into %[[Z]][1, 0] [2, 3] [2, 1] : tensor<2x3xf32> into tensor<4x3xf32>
// CHECK:         return %[[I]]
func.func @insert_slice(%s: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %z = npg.constant dense<0.0> : tensor<4x3xf32>
  %0 = npg.insert_slice %s into %z, starts = [1, 2], limits = [4, -1], steps = [2, -1] : tensor<2x3xf32> into tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// A matmul is a generic over loops (i, k, j): the inner loop runs along
// rows of B and C, which vectorises without reassociating the sum
// (npg-matmul-to-blas hands large float ones to BLAS). The multiply and add
// may contract into one fused multiply-add, as BLAS kernels compute them: a
// product beyond the float range then does not round to inf before the add.
// CHECK-LABEL: func.func @matmul(
// CHECK:         %[[Z:.*]] = linalg.fill
// CHECK:         linalg.generic {indexing_maps = [#[[MM_A]], #[[MM_B]], #[[MM_C]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[Z]] : tensor<2x4xf32>)
// CHECK:           arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// CHECK:           arith.addf %{{.*}}, %{{.*}} fastmath<contract> : f32
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = npg.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @matmul_int(
// CHECK:         %[[Z:.*]] = linalg.fill
// CHECK:         linalg.generic {indexing_maps = [#[[MM_A]], #[[MM_B]], #[[MM_C]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<2x3xi32>, tensor<3x4xi32>) outs(%[[Z]] : tensor<2x4xi32>)
// CHECK:           arith.muli
// CHECK:           arith.addi
func.func @matmul_int(%a: tensor<2x3xi32>, %b: tensor<3x4xi32>) -> tensor<2x4xi32> {
  %0 = npg.matmul %a, %b : tensor<2x3xi32>, tensor<3x4xi32> -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}

// Batch dimensions broadcast as numpy's: a size-1 batch dimension is pinned
// to 0, a missing one dropped.
// CHECK-LABEL: func.func @matmul_batch(
// CHECK:         linalg.generic {indexing_maps = [#[[BMM_A]], #[[BMM_B]], #[[BMM_C]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]}
// CHECK-SAME:        outs(%{{.*}} : tensor<5x4x2x2xf64>)
func.func @matmul_batch(%a: tensor<5x1x2x3xf64>, %b: tensor<4x3x2xf64>) -> tensor<5x4x2x2xf64> {
  %0 = npg.matmul %a, %b : tensor<5x1x2x3xf64>, tensor<4x3x2xf64> -> tensor<5x4x2x2xf64>
  return %0 : tensor<5x4x2x2xf64>
}

// 1-D operands are a row and a column; the dot product is 0-d.
// CHECK-LABEL: func.func @matmul_vec(
// CHECK-SAME:      %[[A:.*]]: tensor<3xf32> {{.*}}, %[[B:.*]]: tensor<3xf32>
// CHECK-DAG:     %[[ROW:.*]] = tensor.expand_shape %[[A]] {{\[}}[0, 1]] output_shape [1, 3]
// CHECK-DAG:     %[[COL:.*]] = tensor.expand_shape %[[B]] {{\[}}[0, 1]] output_shape [3, 1]
// CHECK:         %[[P:.*]] = linalg.generic {{.*}} ins(%[[ROW]], %[[COL]] : tensor<1x3xf32>, tensor<3x1xf32>) outs(%{{.*}} : tensor<1x1xf32>)
// CHECK:         %[[R:.*]] = tensor.collapse_shape %[[P]] [] : tensor<1x1xf32> into tensor<f32>
// CHECK:         return %[[R]]
func.func @matmul_vec(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<f32> {
  %0 = npg.matmul %a, %b : tensor<3xf32>, tensor<3xf32> -> tensor<f32>
  return %0 : tensor<f32>
}
