// RUN: npg-trace-examples mse-loss | FileCheck %s

// mean((p - y) * (p - y)): the shared sub-expression is one value, and the
// mean is one npg.reduce_mean over every axis.
// CHECK-LABEL: func.func @traced(%arg0: tensor<8x1xf64>, %arg1: tensor<8x1xf64>) -> tensor<f64>
// CHECK-NEXT:    %[[E:.*]] = npg.sub %arg0, %arg1 : tensor<8x1xf64>
// CHECK-NEXT:    %[[SQ:.*]] = npg.mul %[[E]], %[[E]] : tensor<8x1xf64>
// CHECK-NEXT:    %[[M:.*]] = npg.reduce_mean %[[SQ]], axes = [0, 1], keepdims = false : tensor<8x1xf64> -> tensor<f64>
// CHECK-NEXT:    return %[[M]] : tensor<f64>
