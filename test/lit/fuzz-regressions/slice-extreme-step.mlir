// A slice or insert_slice of one element whose step is INT64_MIN (valid: the
// step is never taken) was lowered with stride -step, which overflows to
// INT64_MIN, MLIR's marker for a dynamic stride: convert-npg-to-linalg then
// produced an invalid tensor.extract_slice ("expected 1 dynamic stride
// values"). One position now lowers with stride 1. Found by probing the
// verifiers' bounds while the IR fuzzer ran (test/fuzz-ir).
// RUN: npg-opt %s --convert-npg-to-linalg | FileCheck %s
// RUN: npg-opt %s --npg-autodiff --npg-pipeline -o /dev/null

// CHECK-LABEL: func.func @slice_min_step(
// CHECK:         tensor.extract_slice %{{.*}}[4] [1] [1] : tensor<5xf32> to tensor<1xf32>
func.func @slice_min_step(%a: tensor<5xf32> {npg.requires_grad}) -> tensor<1xf32> {
  %0 = "npg.slice"(%a) <{starts = array<i64: 4>, limits = array<i64: -1>, steps = array<i64: -9223372036854775808>}> : (tensor<5xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// CHECK-LABEL: func.func @slice_max_step(
// CHECK:         tensor.extract_slice %{{.*}}[0] [1] [1] : tensor<5xf32> to tensor<1xf32>
func.func @slice_max_step(%a: tensor<5xf32> {npg.requires_grad}) -> tensor<1xf32> {
  %0 = "npg.slice"(%a) <{starts = array<i64: 0>, limits = array<i64: 5>, steps = array<i64: 9223372036854775807>}> : (tensor<5xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// CHECK-LABEL: func.func @insert_min_step(
// CHECK:         tensor.insert_slice %{{.*}} into %{{.*}}[4] [1] [1] : tensor<1xf32> into tensor<5xf32>
func.func @insert_min_step(%a: tensor<5xf32> {npg.requires_grad}, %s: tensor<1xf32> {npg.requires_grad}) -> tensor<5xf32> {
  %0 = "npg.insert_slice"(%s, %a) <{starts = array<i64: 4>, limits = array<i64: -1>, steps = array<i64: -9223372036854775808>}> : (tensor<1xf32>, tensor<5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}
