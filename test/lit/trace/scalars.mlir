// RUN: npg-trace-examples scalars | FileCheck %s

// log(1 + exp(x * 0.5)) * 2 on float32: Python-style numbers are weak, so the
// literals become float32 constants and the result stays float32.
// CHECK-LABEL: func.func @traced(%arg0: tensor<5xf32>) -> tensor<5xf32>
// CHECK:         %[[HALF:.*]] = npg.constant dense<5.000000e-01> : tensor<f32>
// CHECK-NEXT:    %[[HALFS:.*]] = npg.broadcast_to %[[HALF]], dims = [] : tensor<f32> to tensor<5xf32>
// CHECK-NEXT:    %[[X2:.*]] = npg.mul %arg0, %[[HALFS]] : tensor<5xf32>
// CHECK-NEXT:    %[[E:.*]] = npg.exp %[[X2]] : tensor<5xf32>
// CHECK:         npg.add %{{.*}}, %[[E]] : tensor<5xf32>
// CHECK:         npg.log
// CHECK:         npg.constant dense<2.000000e+00> : tensor<f32>
// CHECK:         npg.mul
// CHECK-NOT:     f64
