// gather: a parallel generic over the result that reads the index through
// its indexing map, wraps a negative one, clamps it into range and
// tensor.extracts the element. scatter_add: an scf.for nest over the updates
// carrying the accumulator (a zero dest becomes a fill), each step an
// extract, an add and an insert. Both lower through the whole pipeline.
// RUN: npg-opt %s -convert-npg-to-linalg | FileCheck %s
// RUN: npg-opt %s -npg-pipeline | FileCheck %s --check-prefix=LLVM \
// RUN:   --implicit-check-not="{{(func|math|arith|linalg|tensor|memref|bufferization|scf|cf|affine)\.|unrealized_conversion_cast}}"

// CHECK-DAG: #[[IDX:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>

// CHECK-LABEL: func.func @gather(
// CHECK-SAME:      %[[X:.*]]: tensor<3x4xf32> {{.*}}, %[[I:.*]]: tensor<2x2xi64>
// CHECK:         linalg.generic {indexing_maps = [#[[IDX]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[I]] : tensor<2x2xi64>) outs(%{{.*}} : tensor<3x2x2xf32>)
// CHECK-NEXT:    ^bb0(%[[IN:.*]]: i64, %{{.*}}: f32):
// CHECK-NEXT:      %[[D0:.*]] = linalg.index 0 : index
// CHECK-NEXT:      %[[RAW:.*]] = arith.index_cast %[[IN]] : i64 to index
// CHECK-DAG:       %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:       %[[N:.*]] = arith.constant 4 : index
// CHECK-DAG:       %[[LAST:.*]] = arith.constant 3 : index
// CHECK:           %[[NEG:.*]] = arith.cmpi slt, %[[RAW]], %[[C0]] : index
// CHECK-NEXT:      %[[UP:.*]] = arith.addi %[[RAW]], %[[N]] : index
// CHECK-NEXT:      %[[W:.*]] = arith.select %[[NEG]], %[[UP]], %[[RAW]] : index
// CHECK-NEXT:      %[[LO:.*]] = arith.minsi %[[W]], %[[LAST]] : index
// CHECK-NEXT:      %[[J:.*]] = arith.maxsi %[[LO]], %[[C0]] : index
// CHECK-NEXT:      %[[E:.*]] = tensor.extract %[[X]][%[[D0]], %[[J]]] : tensor<3x4xf32>
// CHECK-NEXT:      linalg.yield %[[E]] : f32
// LLVM-LABEL: llvm.func @gather(
func.func @gather(%x: tensor<3x4xf32>, %i: tensor<2x2xi64>) -> tensor<3x2x2xf32> {
  %0 = npg.gather %x, %i, axis = 1 : tensor<3x4xf32>, tensor<2x2xi64> -> tensor<3x2x2xf32>
  return %0 : tensor<3x2x2xf32>
}

// CHECK-LABEL: func.func @scatter_add(
// CHECK-SAME:      %[[U:.*]]: tensor<5x2xf64> {{.*}}, %[[I:.*]]: tensor<5xi32>
// CHECK:         %[[F:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<3x2xf64>) -> tensor<3x2xf64>
// CHECK:         %[[R:.*]] = scf.for %[[A:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC0:.*]] = %[[F]]) -> (tensor<3x2xf64>) {
// CHECK-NEXT:      %[[IN:.*]] = scf.for %[[B:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[ACC0]]) -> (tensor<3x2xf64>) {
// CHECK-NEXT:        %[[RAW:.*]] = tensor.extract %[[I]][%[[A]]] : tensor<5xi32>
// CHECK-NEXT:        arith.index_cast %[[RAW]] : i32 to index
// CHECK:             %[[J:.*]] = arith.maxsi
// CHECK-NEXT:        %[[V:.*]] = tensor.extract %[[U]][%[[A]], %[[B]]] : tensor<5x2xf64>
// CHECK-NEXT:        %[[OLD:.*]] = tensor.extract %[[ACC]][%[[J]], %[[B]]] : tensor<3x2xf64>
// CHECK-NEXT:        %[[SUM:.*]] = arith.addf %[[OLD]], %[[V]] : f64
// CHECK-NEXT:        %[[NEW:.*]] = tensor.insert %[[SUM]] into %[[ACC]][%[[J]], %[[B]]] : tensor<3x2xf64>
// CHECK-NEXT:        scf.yield %[[NEW]] : tensor<3x2xf64>
// CHECK:         return %[[R]] : tensor<3x2xf64>
// LLVM-LABEL: llvm.func @scatter_add(
func.func @scatter_add(%u: tensor<5x2xf64>, %i: tensor<5xi32>) -> tensor<3x2xf64> {
  %z = npg.constant dense<0.0> : tensor<3x2xf64>
  %0 = npg.scatter_add %u into %z at %i, axis = 0 : tensor<5x2xf64>, tensor<5xi32> into tensor<3x2xf64>
  return %0 : tensor<3x2xf64>
}

// An integer scatter_add adds with addi into a copy of its dest argument.
// CHECK-LABEL: func.func @scatter_add_int(
// CHECK:         arith.addi
// LLVM-LABEL: llvm.func @scatter_add_int(
func.func @scatter_add_int(%d: tensor<4xi64>, %u: tensor<i64>, %i: tensor<i64>) -> tensor<4xi64> {
  %0 = npg.scatter_add %u into %d at %i, axis = 0 : tensor<i64>, tensor<i64> into tensor<4xi64>
  return %0 : tensor<4xi64>
}
