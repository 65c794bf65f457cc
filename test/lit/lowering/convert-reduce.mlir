// RUN: npg-opt %s --convert-npg-to-linalg | FileCheck %s

// Reductions: a generic with reduction iterators over a filled accumulator,
// the reduced dimensions dropped from the output map; keepdims puts them
// back as size 1 with expand_shape (a view). Float sums and extrema carry
// reassoc so that LLVM may vectorise them with partial results per lane.

// CHECK-DAG: #[[IN3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[OUT02:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[IN2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[OUT0:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[OUT1:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>

// A float sum starts from -0.0, the identity of IEEE addition, so that the
// sum of {-0.0} stays -0.0 (as the eager kernel's and numpy's).
// CHECK-LABEL: func.func @sum_f64(
// CHECK:         %[[ZERO:.*]] = arith.constant -0.000000e+00 : f64
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x4xf64>
// CHECK:         %[[ACC:.*]] = linalg.fill ins(%[[ZERO]] : f64) outs(%[[E]] : tensor<2x4xf64>)
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[IN3]], #[[OUT02]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%{{.*}} : tensor<2x3x4xf64>) outs(%[[ACC]] : tensor<2x4xf64>)
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: f64, %[[OUT:.*]]: f64):
// CHECK-NEXT:      %[[S:.*]] = arith.addf %[[OUT]], %[[IN]] fastmath<reassoc> : f64
// CHECK-NEXT:      linalg.yield %[[S]]
// CHECK:         return %[[R]]
func.func @sum_f64(%x: tensor<2x3x4xf64>) -> tensor<2x4xf64> {
  %0 = npg.reduce_sum %x, axes = [1], keepdims = false : tensor<2x3x4xf64> -> tensor<2x4xf64>
  return %0 : tensor<2x4xf64>
}

// A sum over nothing is +0.0.
// CHECK-LABEL: func.func @sum_over_nothing(
// CHECK:         %[[PZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         linalg.fill ins(%[[PZERO]] : f64) outs(%{{.*}} : tensor<2xf64>)
func.func @sum_over_nothing(%x: tensor<2x0xf64>) -> tensor<2xf64> {
  %0 = npg.reduce_sum %x, axes = [1], keepdims = false : tensor<2x0xf64> -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// float32 sums accumulate in float64, as the eager kernel does, and round
// once at the end.
// CHECK-LABEL: func.func @sum_f32_keepdims(
// CHECK:         linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<2xf64>)
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[IN2]], #[[OUT0]]], iterator_types = ["parallel", "reduction"]}
// CHECK:           arith.extf %{{.*}} : f32 to f64
// CHECK:           arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f64
// CHECK:         %[[T:.*]] = linalg.generic
// CHECK:           arith.truncf %{{.*}} : f64 to f32
// CHECK:         %[[K:.*]] = tensor.expand_shape %[[T]] {{\[}}[0, 1]] output_shape [2, 1] : tensor<2xf32> into tensor<2x1xf32>
// CHECK:         return %[[K]]
func.func @sum_f32_keepdims(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  %0 = npg.reduce_sum %x, axes = [1], keepdims = true : tensor<2x3xf32> -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// Identities: max -inf / INT_MIN / false, min +inf / INT_MAX / true. Float
// extrema propagate NaN (maximumf / minimumf), as numpy's; over bools max
// is "any" and min is "all".
// CHECK-LABEL: func.func @extrema(
// CHECK:         %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<f32>)
// CHECK:         linalg.generic {indexing_maps = [#[[IN2]], #[[SCALAR]]], iterator_types = ["reduction", "reduction"]}
// CHECK:           arith.maximumf %{{.*}}, %{{.*}} fastmath<reassoc> : f32
// CHECK:         %[[PINF:.*]] = arith.constant 0x7F800000 : f32
// CHECK:         linalg.fill ins(%[[PINF]] : f32)
// CHECK:         linalg.generic {indexing_maps = [#[[IN2]], #[[OUT1]]], iterator_types = ["reduction", "parallel"]}
// CHECK:           arith.minimumf
// CHECK:         %[[IMIN:.*]] = arith.constant -2147483648 : i32
// CHECK:         linalg.fill ins(%[[IMIN]] : i32)
// CHECK:           arith.maxsi
// CHECK:         %[[IMAX:.*]] = arith.constant 2147483647 : i32
// CHECK:         linalg.fill ins(%[[IMAX]] : i32)
// CHECK:           arith.minsi
// CHECK:         %[[F:.*]] = arith.constant false
// CHECK:         linalg.fill ins(%[[F]] : i1)
// CHECK:           arith.ori
// CHECK:         %[[T:.*]] = arith.constant true
// CHECK:         linalg.fill ins(%[[T]] : i1)
// CHECK:           arith.andi
// CHECK:         arith.constant 0 : i64
// CHECK:           arith.addi
func.func @extrema(%x: tensor<2x3xf32>, %i: tensor<2x3xi32>, %b: tensor<2x3xi1>, %l: tensor<2x3xi64>) -> (tensor<f32>, tensor<3xf32>, tensor<2xi32>, tensor<2xi32>, tensor<3xi1>, tensor<3xi1>, tensor<3xi64>) {
  %0 = npg.reduce_max %x, axes = [0, 1], keepdims = false : tensor<2x3xf32> -> tensor<f32>
  %1 = npg.reduce_min %x, axes = [0], keepdims = false : tensor<2x3xf32> -> tensor<3xf32>
  %2 = npg.reduce_max %i, axes = [1], keepdims = false : tensor<2x3xi32> -> tensor<2xi32>
  %3 = npg.reduce_min %i, axes = [1], keepdims = false : tensor<2x3xi32> -> tensor<2xi32>
  %4 = npg.reduce_max %b, axes = [0], keepdims = false : tensor<2x3xi1> -> tensor<3xi1>
  %5 = npg.reduce_min %b, axes = [0], keepdims = false : tensor<2x3xi1> -> tensor<3xi1>
  %6 = npg.reduce_sum %l, axes = [0], keepdims = false : tensor<2x3xi64> -> tensor<3xi64>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<f32>, tensor<3xf32>, tensor<2xi32>, tensor<2xi32>, tensor<3xi1>, tensor<3xi1>, tensor<3xi64>
}

// A product starts from 1; float32 ones multiply in float64 and round once,
// as the eager kernel does.
// CHECK-LABEL: func.func @prod(
// CHECK:         %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK:         linalg.fill ins(%[[ONE]] : f64) outs(%{{.*}} : tensor<3xf64>)
// CHECK:         linalg.generic {indexing_maps = [#[[IN2]], #[[OUT1]]], iterator_types = ["reduction", "parallel"]}
// CHECK:           arith.extf %{{.*}} : f32 to f64
// CHECK:           arith.mulf %{{.*}}, %{{.*}} fastmath<reassoc> : f64
// CHECK:           arith.truncf %{{.*}} : f64 to f32
// CHECK:         %[[IONE:.*]] = arith.constant 1 : i64
// CHECK:         linalg.fill ins(%[[IONE]] : i64)
// CHECK:           arith.muli
func.func @prod(%x: tensor<2x3xf32>, %l: tensor<2x3xi64>) -> (tensor<3xf32>, tensor<2xi64>) {
  %0 = npg.reduce_prod %x, axes = [0], keepdims = false : tensor<2x3xf32> -> tensor<3xf32>
  %1 = npg.reduce_prod %l, axes = [1], keepdims = false : tensor<2x3xi64> -> tensor<2xi64>
  return %0, %1 : tensor<3xf32>, tensor<2xi64>
}

// argmax: two reductions that vectorise. The maximum along the axis (NaN-
// propagating), then the least index whose element equals it, or is NaN
// where the maximum is: so the first of equal elements wins, and the first
// NaN, as numpy's. An index of n means none (there is always a hit).
// CHECK-LABEL: func.func @argmax_f32(
// CHECK:         %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         linalg.fill ins(%[[NINF]] : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK:         %[[M:.*]] = linalg.generic {indexing_maps = [#[[IN2]], #[[OUT0]]], iterator_types = ["parallel", "reduction"]}
// CHECK:           arith.maximumf
// CHECK:         %[[N:.*]] = arith.constant 3 : i64
// CHECK:         %[[NONE:.*]] = linalg.fill ins(%[[N]] : i64) outs(%{{.*}} : tensor<2xi64>)
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[IN2]], #[[OUT0]], #[[OUT0]]], iterator_types = ["parallel", "reduction"]} ins(%{{.*}}, %[[M]] : tensor<2x3xf32>, tensor<2xf32>) outs(%[[NONE]] : tensor<2xi64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f32, %[[MX:.*]]: f32, %[[BEST:.*]]: i64):
// CHECK-NEXT:      %[[EQ:.*]] = arith.cmpf oeq, %[[X]], %[[MX]] : f32
// CHECK-NEXT:      %[[MNAN:.*]] = arith.cmpf uno, %[[MX]], %[[MX]] : f32
// CHECK-NEXT:      %[[XNAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK-NEXT:      %[[NANS:.*]] = arith.andi %[[XNAN]], %[[MNAN]] : i1
// CHECK-NEXT:      %[[HIT:.*]] = arith.ori %[[EQ]], %[[NANS]] : i1
// CHECK-NEXT:      %[[J:.*]] = linalg.index 1 : index
// CHECK-NEXT:      %[[J64:.*]] = arith.index_cast %[[J]] : index to i64
// CHECK-NEXT:      %[[C:.*]] = arith.select %[[HIT]], %[[J64]], %[[N]] : i64
// CHECK-NEXT:      %[[MIN:.*]] = arith.minsi %[[BEST]], %[[C]] : i64
// CHECK-NEXT:      linalg.yield %[[MIN]] : i64
// CHECK:         tensor.expand_shape %[[R]] {{\[}}[0, 1]] output_shape [2, 1] : tensor<2xi64> into tensor<2x1xi64>
func.func @argmax_f32(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  %0 = npg.argmax %x, axis = 1, keepdims = true : tensor<2x3xf32> -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// Integers: the minimum (signed; over bools "all") and an equality.
// CHECK-LABEL: func.func @argmin_integers(
// CHECK:         arith.constant 2147483647 : i32
// CHECK:           arith.minsi
// CHECK:           arith.cmpi eq, %{{.*}}, %{{.*}} : i32
// CHECK:         arith.constant true
// CHECK:           arith.andi
// CHECK:           arith.cmpi eq, %{{.*}}, %{{.*}} : i1
func.func @argmin_integers(%i: tensor<2x3xi32>, %b: tensor<4xi1>) -> (tensor<3xi64>, tensor<i64>) {
  %0 = npg.argmin %i, axis = 0, keepdims = false : tensor<2x3xi32> -> tensor<3xi64>
  %1 = npg.argmin %b, axis = 0, keepdims = false : tensor<4xi1> -> tensor<i64>
  return %0, %1 : tensor<3xi64>, tensor<i64>
}
