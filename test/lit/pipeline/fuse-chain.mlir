// RUN: npg-opt %s --npg-pipeline --mlir-print-ir-after=npg-fuse-elementwise -o /dev/null 2>&1 \
// RUN:   | FileCheck %s

// Eight elementwise ops (two of them reading broadcast operands) ending in a
// full sum become ONE linalg.generic: the broadcasts are indexing maps of
// the small operands, every intermediate is a scalar in the loop body, and
// the sum accumulates in the same loop.

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ALL:.*]] = affine_map<(d0, d1) -> ()>

// CHECK-LABEL: func.func @chain(
// CHECK-SAME:      %[[X:.*]]: tensor<64x32xf64> {{.*}}, %[[W:.*]]: tensor<32xf64> {{.*}}, %[[C:.*]]: tensor<64x1xf64>
// CHECK:         %[[ACC:.*]] = linalg.fill
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[COL]], #[[ALL]]], iterator_types = ["reduction", "reduction"]}
// CHECK-SAME:        ins(%[[X]], %[[W]], %[[C]] : tensor<64x32xf64>, tensor<32xf64>, tensor<64x1xf64>) outs(%[[ACC]] : tensor<f64>)
// CHECK:           arith.mulf
// CHECK:           arith.addf
// CHECK:           math.tanh
// CHECK:           math.exp
// CHECK:           arith.divf
// CHECK:           arith.negf
// CHECK:           math.exp
// CHECK:           arith.addf
// CHECK:           arith.mulf
// CHECK:           %[[SUM:.*]] = arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f64
// CHECK-NEXT:      linalg.yield %[[SUM]]
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]
func.func @chain(%x: tensor<64x32xf64>, %w: tensor<32xf64>, %c: tensor<64x1xf64>) -> tensor<f64> {
  %wb = npg.broadcast_to %w, dims = [1] : tensor<32xf64> to tensor<64x32xf64>
  %cb = npg.broadcast_to %c, dims = [0, 1] : tensor<64x1xf64> to tensor<64x32xf64>
  %0 = npg.mul %x, %wb : tensor<64x32xf64>
  %1 = npg.add %0, %cb : tensor<64x32xf64>
  %2 = npg.tanh %1 : tensor<64x32xf64>
  %3 = npg.neg %2 : tensor<64x32xf64>
  %4 = npg.exp %3 : tensor<64x32xf64>
  %5 = npg.sigmoid %2 : tensor<64x32xf64>
  %6 = npg.add %4, %5 : tensor<64x32xf64>
  %7 = npg.mul %6, %6 : tensor<64x32xf64>
  %s = npg.reduce_sum %7, axes = [0, 1], keepdims = false : tensor<64x32xf64> -> tensor<f64>
  return %s : tensor<f64>
}

// float32: the same single loop accumulates in float64 (as the eager sum
// does); only the 0-d result is rounded back to float32 after it.
// CHECK-LABEL: func.func @chain_f32(
// CHECK:         linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]
// CHECK:           math.tanh
// CHECK:           arith.extf %{{.*}} : f32 to f64
// CHECK:           arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f64
// CHECK:         linalg.generic {{.*}} iterator_types = []
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      arith.truncf
// CHECK-NOT:     linalg.generic
// CHECK:         return
func.func @chain_f32(%x: tensor<64x32xf32>, %w: tensor<32xf32>) -> tensor<f32> {
  %wb = npg.broadcast_to %w, dims = [1] : tensor<32xf32> to tensor<64x32xf32>
  %0 = npg.mul %x, %wb : tensor<64x32xf32>
  %1 = npg.tanh %0 : tensor<64x32xf32>
  %2 = npg.exp %1 : tensor<64x32xf32>
  %3 = npg.sub %2, %0 : tensor<64x32xf32>
  %4 = npg.abs %3 : tensor<64x32xf32>
  %5 = npg.sqrt %4 : tensor<64x32xf32>
  %6 = npg.mul %5, %1 : tensor<64x32xf32>
  %7 = npg.relu %6 : tensor<64x32xf32>
  %s = npg.reduce_sum %7, axes = [0, 1], keepdims = false : tensor<64x32xf32> -> tensor<f32>
  return %s : tensor<f32>
}
