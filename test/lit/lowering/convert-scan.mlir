// RUN: npg-opt %s --convert-npg-to-linalg | FileCheck %s

// linear_scan: loops along the axis, f32 values carried in f64 (as the
// eager kernel carries them). Along the innermost axis a loop per other
// dimension encloses a scalar loop reading consecutive elements.

// CHECK-LABEL: func.func @rows_f32(
// CHECK-SAME:    %[[A:.*]]: tensor<2x3xf32> {{.*}}, %[[B:.*]]: tensor<2x3xf32>
// CHECK:         %[[R:.*]] = scf.for %[[ROW:[^ ]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[OUT:.*]] = %{{.*}}) -> (tensor<2x3xf32>)
// CHECK:           %[[B0:.*]] = tensor.extract %[[B]][%[[ROW]], %{{.*}}] : tensor<2x3xf32>
// CHECK:           %[[OUT0:.*]] = tensor.insert %[[B0]] into %[[OUT]][%[[ROW]], %{{.*}}]
// CHECK:           %[[S0:.*]] = arith.extf %[[B0]] : f32 to f64
// CHECK:           %[[ROWR:.*]]:2 = scf.for %[[I:[^ ]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[S:.*]] = %[[S0]], %[[O:.*]] = %[[OUT0]]) -> (f64, tensor<2x3xf32>)
// CHECK-DAG:         %[[BI:.*]] = tensor.extract %[[B]][%[[ROW]], %[[I]]]
// CHECK-DAG:         %[[AI:.*]] = tensor.extract %[[A]][%[[ROW]], %[[I]]]
// CHECK-DAG:         %[[AW:.*]] = arith.extf %[[AI]] : f32 to f64
// CHECK-DAG:         %[[BW:.*]] = arith.extf %[[BI]] : f32 to f64
// CHECK:             %[[T:.*]] = arith.mulf %[[AW]], %[[S]] : f64
// CHECK-NEXT:        %[[NEXT:.*]] = arith.addf %[[T]], %[[BW]] : f64
// CHECK-NEXT:        %[[NARROW:.*]] = arith.truncf %[[NEXT]] : f64 to f32
// CHECK-NEXT:        %[[W:.*]] = tensor.insert %[[NARROW]] into %[[O]][%[[ROW]], %[[I]]]
// CHECK-NEXT:        scf.yield %[[NEXT]], %[[W]] : f64, tensor<2x3xf32>
// CHECK:           scf.yield %[[ROWR]]#1
// CHECK:         return %[[R]]
func.func @rows_f32(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = npg.linear_scan %a, %b, axis = 1, reverse = false, strong_zero = false : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// Along an outer axis: one loop along it, whose body is a parallel generic
// over a slice of the other dimensions (contiguous inside), updating the
// carried slice in place and inserting each step's into the result. Slices
// keep the axis, with size 1: a rank-reducing slice leaves which unit
// dimension it drops ambiguous (test/fuzz/regressions/
// scan_along_an_axis_between_unit_axes.npg).
// CHECK-LABEL: func.func @slices_f32(
// CHECK-SAME:    %[[A:.*]]: tensor<3x2xf32> {{.*}}, %[[B:.*]]: tensor<3x2xf32>
// CHECK:         %[[B0:.*]] = tensor.extract_slice %[[B]][0, 0] [1, 2] [1, 1] : tensor<3x2xf32> to tensor<1x2xf32>
// CHECK:         %[[OUT0:.*]] = tensor.insert_slice %[[B0]] into %{{.*}}[0, 0] [1, 2] [1, 1]
// CHECK:         %[[S0:.*]] = linalg.generic {{.*}} ins(%[[B0]] : tensor<1x2xf32>) outs(%{{.*}} : tensor<1x2xf64>)
// CHECK:           arith.extf
// CHECK:         %[[R:.*]]:2 = scf.for %[[I:[^ ]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[S:.*]] = %[[S0]], %[[OUT:.*]] = %[[OUT0]]) -> (tensor<1x2xf64>, tensor<3x2xf32>)
// CHECK:           %[[SLOT:.*]] = tensor.extract_slice %[[OUT]][%[[I]], 0] [1, 2] [1, 1]
// CHECK:           %[[AI:.*]] = tensor.extract_slice %[[A]][%[[I]], 0] [1, 2] [1, 1]
// CHECK:           %[[BI:.*]] = tensor.extract_slice %[[B]][%[[I]], 0] [1, 2] [1, 1]
// CHECK:           %[[STEP:.*]]:2 = linalg.generic {{.*}} ins(%[[AI]], %[[BI]] : tensor<1x2xf32>, tensor<1x2xf32>) outs(%[[S]], %[[SLOT]] : tensor<1x2xf64>, tensor<1x2xf32>)
// CHECK:             arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK:             arith.addf %{{.*}}, %{{.*}} : f64
// CHECK:             arith.truncf %{{.*}} : f64 to f32
// CHECK:           %[[W:.*]] = tensor.insert_slice %[[STEP]]#1 into %[[OUT]][%[[I]], 0] [1, 2] [1, 1]
// CHECK:           scf.yield %[[STEP]]#0, %[[W]]
// CHECK:         return %[[R]]#1
func.func @slices_f32(%a: tensor<3x2xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %0 = npg.linear_scan %a, %b, axis = 0, reverse = false, strong_zero = false : tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// Reversed, the loop counts k = 1..n-1 and reads position n-1-k; with
// strong_zero a zero coefficient gives a zero term (not 0 * inf = NaN).
// Integers are carried as they are.
// CHECK-LABEL: func.func @adjoint_i64(
// CHECK:         tensor.extract_slice %{{.*}}[3, 0] [1, 2] [1, 1] : tensor<4x2xi64> to tensor<1x2xi64>
// CHECK:         scf.for %[[K:[^ ]+]] =
// CHECK:           %[[LAST:.*]] = arith.constant 3 : index
// CHECK:           %[[I:.*]] = arith.subi %[[LAST]], %[[K]] : index
// CHECK:           tensor.extract_slice %{{.*}}[%[[I]], 0] [1, 2] [1, 1]
// CHECK:           linalg.generic
// CHECK:             %[[T:.*]] = arith.muli %[[AE:.*]], %[[SE:.*]] : i64
// CHECK:             %[[Z:.*]] = arith.constant 0 : i64
// CHECK:             %[[IS:.*]] = arith.cmpi eq, %[[AE]], %[[Z]] : i64
// CHECK:             %[[CUT:.*]] = arith.select %[[IS]], %[[Z]], %[[T]] : i64
// CHECK:             %[[NEXT:.*]] = arith.addi %[[CUT]], %{{.*}} : i64
// CHECK:             linalg.yield %[[NEXT]], %[[NEXT]] : i64, i64
func.func @adjoint_i64(%a: tensor<4x2xi64>, %b: tensor<4x2xi64>) -> tensor<4x2xi64> {
  %0 = npg.linear_scan %a, %b, axis = 0, reverse = true, strong_zero = true : tensor<4x2xi64>
  return %0 : tensor<4x2xi64>
}

// Along an axis of one element the scan is its input.
// CHECK-LABEL: func.func @single(
// CHECK-SAME:    %{{.*}}: tensor<2x1xf64> {{.*}}, %[[B:.*]]: tensor<2x1xf64>
// CHECK-NEXT:    return %[[B]]
func.func @single(%a: tensor<2x1xf64>, %b: tensor<2x1xf64>) -> tensor<2x1xf64> {
  %0 = npg.linear_scan %a, %b, axis = 1, reverse = false, strong_zero = false : tensor<2x1xf64>
  return %0 : tensor<2x1xf64>
}
