// random_uniform: a parallel generic over the result reading the 0-d seed
// and offset through empty maps; its body adds the row-major index to the
// offset, runs ten Philox rounds (key bumped between rounds) and scales the
// top bits into [0, 1). It fuses into its consumer and lowers through the
// whole pipeline.
// RUN: npg-opt %s -convert-npg-to-linalg | FileCheck %s
// RUN: npg-opt %s -convert-npg-to-linalg -npg-fuse-elementwise | FileCheck %s --check-prefix=FUSED
// RUN: npg-opt %s -npg-pipeline | FileCheck %s --check-prefix=LLVM \
// RUN:   --implicit-check-not="{{(func|math|arith|linalg|tensor|memref|bufferization|scf|cf|affine)\.|unrealized_conversion_cast}}"

// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>

// CHECK-LABEL: func.func @uniform_f32(
// CHECK-SAME:      %[[S:.*]]: tensor<i64> {{.*}}, %[[O:.*]]: tensor<i64>
// CHECK:         linalg.generic {indexing_maps = [#[[SCALAR]], #[[SCALAR]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[S]], %[[O]] : tensor<i64>, tensor<i64>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0(%[[SEED:.*]]: i64, %[[OFF:.*]]: i64, %{{.*}}: f32):
// CHECK:           %[[I0:.*]] = linalg.index 0 : index
// CHECK:           %[[I1:.*]] = linalg.index 1 : index
// CHECK:           %[[C:.*]] = arith.addi %[[OFF]], %{{.*}} : i64
// CHECK:           arith.trunci %[[SEED]] : i64 to i32
// CHECK-COUNT-20:  arith.muli %{{.*}}, %{{.*}} : i64
// CHECK-NOT:       arith.muli
// CHECK:           arith.shrui %{{.*}}, %{{.*}} : i32
// CHECK:           %[[F:.*]] = arith.uitofp %{{.*}} : i32 to f32
// CHECK:           %[[U:.*]] = arith.mulf %[[F]], %{{.*}} : f32
// CHECK:           linalg.yield %[[U]] : f32

// FUSED-LABEL: func.func @uniform_f32(
// FUSED-COUNT-1: linalg.generic
// FUSED-NOT:     linalg.generic
// FUSED:         arith.cmpf oge

// LLVM-LABEL: llvm.func @uniform_f32(
func.func @uniform_f32(%s: tensor<i64>, %o: tensor<i64>) -> tensor<2x3xi1> {
  %u = npg.random_uniform %s, %o : tensor<2x3xf32>
  %p = npg.constant dense<0.5> : tensor<2x3xf32>
  %keep = npg.compare ge, %u, %p : tensor<2x3xf32>
  return %keep : tensor<2x3xi1>
}

// f64 joins two words and keeps the top 53 bits.
// CHECK-LABEL: func.func @uniform_f64(
// CHECK:         arith.shli %{{.*}}, %{{.*}} : i64
// CHECK:         arith.ori
// CHECK:         %[[F:.*]] = arith.uitofp %{{.*}} : i64 to f64
// CHECK:         arith.mulf %[[F]], %{{.*}} : f64
// LLVM-LABEL: llvm.func @uniform_f64(
func.func @uniform_f64(%s: tensor<i64>, %o: tensor<i64>) -> tensor<f64> {
  %u = npg.random_uniform %s, %o : tensor<f64>
  return %u : tensor<f64>
}
