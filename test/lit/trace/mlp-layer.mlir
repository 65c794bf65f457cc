// RUN: npg-trace-examples mlp-layer | FileCheck %s

// tanh(x @ W + b) with W and b captured from the enclosing scope, as a
// model's parameters are: they become arguments after the input, never
// baked-in constants.
// CHECK-LABEL: func.func @traced(%arg0: tensor<2x3xf32>, %arg1: tensor<3x4xf32>, %arg2: tensor<4xf32>) -> tensor<2x4xf32>
// CHECK-NOT:     npg.constant
// CHECK:         %[[MM:.*]] = npg.matmul %arg0, %arg1 : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
// CHECK-NEXT:    %[[B:.*]] = npg.broadcast_to %arg2, dims = [1] : tensor<4xf32> to tensor<2x4xf32>
// CHECK-NEXT:    %[[ADD:.*]] = npg.add %[[MM]], %[[B]] : tensor<2x4xf32>
// CHECK-NEXT:    %[[T:.*]] = npg.tanh %[[ADD]] : tensor<2x4xf32>
// CHECK-NEXT:    return %[[T]]
