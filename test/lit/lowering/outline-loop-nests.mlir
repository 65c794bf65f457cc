// RUN: npg-opt %s -npg-outline-loop-nests=min-loop-nests=2 -split-input-file | FileCheck %s

// Each top-level nest becomes a private no_inline function called in its
// place. Its arguments are what it uses from outside; constants are cloned
// in; an alloca only the nest uses moves in with it, one used after the
// nest too stays and is passed. Each argument views a buffer of its own
// (the public function's arguments, an alloca): npg.noalias_arguments.
// CHECK-LABEL: func.func @step(
// CHECK-SAME:      %[[A:.*]]: memref<8xf32>, %[[B:.*]]: memref<8xf32>, %[[S:.*]]: memref<f32>)
// CHECK:         %[[KEPT:.*]] = memref.alloca() : memref<f32>
// CHECK-NEXT:    call @step_nest0(%[[A]], %[[B]]) : (memref<8xf32>, memref<8xf32>) -> ()
// CHECK-NEXT:    call @step_nest1(%[[B]], %[[KEPT]]) : (memref<8xf32>, memref<f32>) -> ()
// CHECK-NEXT:    memref.copy %[[KEPT]], %[[S]]
// CHECK-NEXT:    return
// CHECK:       func.func private @step_nest0(%[[X:.*]]: memref<8xf32>, %[[Y:.*]]: memref<8xf32>) attributes {no_inline, npg.noalias_arguments} {
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[ACC:.*]] = memref.alloca() : memref<f32>
// CHECK:         scf.for %[[I:.*]] = %[[C0]] to %[[C8]] step %[[C1]] {
// CHECK:           memref.load %[[X]][%[[I]]]
// CHECK:           memref.store %{{.*}}, %[[ACC]][]
// CHECK:           memref.store %{{.*}}, %[[Y]][%[[I]]]
// CHECK:         return
// CHECK:       func.func private @step_nest1(%{{.*}}: memref<8xf32>, %{{.*}}: memref<f32>) attributes {no_inline, npg.noalias_arguments}
func.func @step(%a: memref<8xf32>, %b: memref<8xf32>, %s: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %acc = memref.alloca() : memref<f32>
  %kept = memref.alloca() : memref<f32>
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %a[%i] : memref<8xf32>
    %t = memref.load %acc[] : memref<f32>
    %u = arith.addf %t, %x : f32
    memref.store %u, %acc[] : memref<f32>
    memref.store %u, %b[%i] : memref<8xf32>
  }
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %b[%i] : memref<8xf32>
    memref.store %x, %kept[] : memref<f32>
  }
  memref.copy %kept, %s : memref<f32> to memref<f32>
  return
}

// -----

// Fewer nests than min-loop-nests: left alone.
// CHECK-LABEL: func.func @short(
// CHECK-NEXT:    arith.constant
// CHECK:         scf.for
// CHECK-NOT:     call
// CHECK-NOT:     func.func private
func.func @short(%a: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c8 step %c1 {
    memref.store %z, %a[%i] : memref<8xf32>
  }
  return
}

// -----

// A nest that yields results stays; the name of an outlined function never
// collides with an existing one.
// CHECK-LABEL: func.func @f(
// CHECK:         scf.for {{.*}} iter_args
// CHECK:         call @f_nest0(
// CHECK:         call @f_nest1_0(
// CHECK:       func.func private @f_nest0(
// CHECK:       func.func private @f_nest1_0(
// CHECK:       func.func @f_nest1(
func.func @f(%a: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %c8 step %c1 iter_args(%t = %z) -> f32 {
    %x = memref.load %a[%i] : memref<8xf32>
    %u = arith.addf %t, %x : f32
    scf.yield %u : f32
  }
  scf.for %i = %c0 to %c8 step %c1 {
    memref.store %z, %a[%i] : memref<8xf32>
  }
  scf.for %i = %c0 to %c8 step %c1 {
    memref.store %r, %a[%i] : memref<8xf32>
  }
  return %r : f32
}
func.func @f_nest1() {
  return
}

// -----

// Two views of one buffer may overlap, and a private function's arguments
// carry no promise: no npg.noalias_arguments.
// CHECK-LABEL: func.func private @views_nest0(
// CHECK-SAME:      attributes {no_inline} {
// CHECK-LABEL: func.func private @views_nest1(
// CHECK-SAME:      attributes {no_inline} {
func.func @views(%a: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %lo = memref.subview %a[0] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1]>>
  %hi = memref.subview %a[8] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1], offset: 8>>
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %lo[%i] : memref<8xf32, strided<[1]>>
    memref.store %x, %hi[%i] : memref<8xf32, strided<[1], offset: 8>>
  }
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %hi[%i] : memref<8xf32, strided<[1], offset: 8>>
    memref.store %x, %a[%i] : memref<16xf32>
  }
  func.call @private_views(%a) : (memref<16xf32>) -> ()
  return
}
// CHECK-LABEL: func.func private @private_views_nest0(
// CHECK-SAME:      attributes {no_inline} {
func.func private @private_views(%a: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %b = memref.alloca() : memref<16xf32>
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %a[%i] : memref<16xf32>
    memref.store %x, %b[%i] : memref<16xf32>
  }
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %b[%i] : memref<16xf32>
    memref.store %x, %a[%i] : memref<16xf32>
  }
  return
}
