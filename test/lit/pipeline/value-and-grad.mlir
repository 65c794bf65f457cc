// RUN: npg-opt %s -npg-autodiff="value-and-grad=true" \
// RUN:   --npg-pipeline --mlir-print-ir-after=npg-fuse-siblings -o /dev/null 2>&1 \
// RUN:   | FileCheck %s

// Workload 3's loss: its value and gradient become ONE loop over x. The sum
// and the gradient's map are siblings (both read x); merged, the producers
// they shared (tanh, exp) fuse into them, and x is read, and tanh and exp
// computed, once per element.

// CHECK-LABEL: func.func @chain_value_and_grad(
// CHECK-NOT:     linalg.generic
// CHECK:         %{{.*}}:2 = linalg.generic
// CHECK-SAME:        iterator_types = ["reduction"]
// CHECK-SAME:        ins(%arg0, %arg1, %arg2 : tensor<1024xf32>, tensor<f32>, tensor<f32>)
// CHECK-COUNT-1:   math.tanh
// CHECK-NOT:       math.tanh
// CHECK:           linalg.yield
// CHECK:         linalg.generic {{.*}} iterator_types = []
// CHECK-NOT:     linalg.generic
// CHECK:         return

func.func @chain(%x: tensor<1024xf32> {npg.requires_grad}, %a: tensor<f32>, %b: tensor<f32>) -> tensor<f32> {
  %ab = npg.broadcast_to %a, dims = [] : tensor<f32> to tensor<1024xf32>
  %m = npg.mul %x, %ab : tensor<1024xf32>
  %bb = npg.broadcast_to %b, dims = [] : tensor<f32> to tensor<1024xf32>
  %s0 = npg.add %m, %bb : tensor<1024xf32>
  %t = npg.tanh %s0 : tensor<1024xf32>
  %n = npg.neg %x : tensor<1024xf32>
  %e = npg.exp %n : tensor<1024xf32>
  %p = npg.mul %t, %e : tensor<1024xf32>
  %xx = npg.mul %x, %x : tensor<1024xf32>
  %one = npg.constant dense<1.0> : tensor<1024xf32>
  %d = npg.add %one, %xx : tensor<1024xf32>
  %q = npg.div %p, %d : tensor<1024xf32>
  %s = npg.reduce_sum %q, axes = [0], keepdims = false : tensor<1024xf32> -> tensor<f32>
  return %s : tensor<f32>
}
