// npg-decompose expands each composite op by its rule's expansion
// (rules/include/npg/rules/Reductions.h); the elementwise composites
// (clip, softplus, gelu) have scalar lowering bodies and stay.
// RUN: npg-opt %s -npg-decompose | FileCheck %s

// CHECK-LABEL: func.func @mean(
// CHECK-NEXT:    %[[S:.*]] = npg.reduce_sum %arg0, axes = [1], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
// CHECK-NEXT:    %[[N:.*]] = npg.constant dense<3.000000e+00> : tensor<2xf32>
// CHECK-NEXT:    %[[M:.*]] = npg.div %[[S]], %[[N]] : tensor<2xf32>
// CHECK-NEXT:    return %[[M]]
func.func @mean(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = npg.reduce_mean %x, axes = [1], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// Squared deviations from the mean, summed, divided by N - ddof; std is
// its square root. The mean is the first element plus the mean of the
// differences from it: exactly the value of a constant slice. (A first
// element that is not finite, x - x != 0, is no shift.)
// CHECK-LABEL: func.func @std(
// CHECK-NEXT:    %[[SLICED:.*]] = npg.slice %arg0, starts = [0, 0], limits = [2, 1], steps = [1, 1] : tensor<2x3xf64> -> tensor<2x1xf64>
// CHECK-NEXT:    %[[SS0:.*]] = npg.sub %[[SLICED]], %[[SLICED]] : tensor<2x1xf64>
// CHECK-NEXT:    %[[Z:.*]] = npg.constant dense<0.000000e+00> : tensor<2x1xf64>
// CHECK-NEXT:    %[[FIN:.*]] = npg.compare eq, %[[SS0]], %[[Z]] : tensor<2x1xf64>
// CHECK-NEXT:    %[[Z2:.*]] = npg.constant dense<0.000000e+00> : tensor<2x1xf64>
// CHECK-NEXT:    %[[FIRST:.*]] = npg.select %[[FIN]], %[[SLICED]], %[[Z2]] : tensor<2x1xi1>, tensor<2x1xf64>
// CHECK-NEXT:    %[[FB:.*]] = npg.broadcast_to %[[FIRST]], dims = [0, 1] : tensor<2x1xf64> to tensor<2x3xf64>
// CHECK-NEXT:    %[[DIFF:.*]] = npg.sub %arg0, %[[FB]] : tensor<2x3xf64>
// CHECK-NEXT:    %[[S:.*]] = npg.reduce_sum %[[DIFF]], axes = [1], keepdims = true : tensor<2x3xf64> -> tensor<2x1xf64>
// CHECK-NEXT:    %[[N:.*]] = npg.constant dense<3.000000e+00> : tensor<2x1xf64>
// CHECK-NEXT:    %[[Q:.*]] = npg.div %[[S]], %[[N]] : tensor<2x1xf64>
// CHECK-NEXT:    %[[MEAN:.*]] = npg.add %[[FIRST]], %[[Q]] : tensor<2x1xf64>
// CHECK-NEXT:    %[[B:.*]] = npg.broadcast_to %[[MEAN]], dims = [0, 1] : tensor<2x1xf64> to tensor<2x3xf64>
// CHECK-NEXT:    %[[D:.*]] = npg.sub %arg0, %[[B]] : tensor<2x3xf64>
// CHECK-NEXT:    %[[SQ:.*]] = npg.mul %[[D]], %[[D]] : tensor<2x3xf64>
// CHECK-NEXT:    %[[SS:.*]] = npg.reduce_sum %[[SQ]], axes = [1], keepdims = false : tensor<2x3xf64> -> tensor<2xf64>
// CHECK-NEXT:    %[[DOF:.*]] = npg.constant dense<2.000000e+00> : tensor<2xf64>
// CHECK-NEXT:    %[[V:.*]] = npg.div %[[SS]], %[[DOF]] : tensor<2xf64>
// CHECK-NEXT:    %[[R:.*]] = npg.sqrt %[[V]] : tensor<2xf64>
// CHECK-NEXT:    return %[[R]]
func.func @std(%x: tensor<2x3xf64>) -> tensor<2xf64> {
  %0 = npg.std %x, axes = [1], ddof = 1, keepdims = false : tensor<2x3xf64> -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// ddof beyond N divides by 0 (inf), as numpy and PyTorch.
// CHECK-LABEL: func.func @var_ddof_beyond_n(
// CHECK:         %[[DOF:.*]] = npg.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    npg.div %{{.*}}, %[[DOF]] : tensor<f32>
func.func @var_ddof_beyond_n(%x: tensor<3xf32>) -> tensor<f32> {
  %0 = npg.var %x, axes = [0], ddof = 5, keepdims = false : tensor<3xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// The maximum subtracted first; an infinite maximum taken as 0.
// CHECK-LABEL: func.func @logsumexp(
// CHECK-NEXT:    %[[M:.*]] = npg.reduce_max %arg0, axes = [1], keepdims = true : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK-NEXT:    %[[ABS:.*]] = npg.abs %[[M]] : tensor<2x1xf32>
// CHECK-NEXT:    %[[INF:.*]] = npg.constant dense<0x7F800000> : tensor<2x1xf32>
// CHECK-NEXT:    %[[ISINF:.*]] = npg.compare eq, %[[ABS]], %[[INF]] : tensor<2x1xf32>
// CHECK-NEXT:    %[[ZERO:.*]] = npg.constant dense<0.000000e+00> : tensor<2x1xf32>
// CHECK-NEXT:    %[[MS:.*]] = npg.select %[[ISINF]], %[[ZERO]], %[[M]] : tensor<2x1xi1>, tensor<2x1xf32>
// CHECK-NEXT:    %[[B:.*]] = npg.broadcast_to %[[MS]], dims = [0, 1] : tensor<2x1xf32> to tensor<2x3xf32>
// CHECK-NEXT:    %[[D:.*]] = npg.sub %arg0, %[[B]] : tensor<2x3xf32>
// CHECK-NEXT:    %[[E:.*]] = npg.exp %[[D]] : tensor<2x3xf32>
// CHECK-NEXT:    %[[S:.*]] = npg.reduce_sum %[[E]], axes = [1], keepdims = true : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK-NEXT:    %[[L:.*]] = npg.log %[[S]] : tensor<2x1xf32>
// CHECK-NEXT:    %[[R:.*]] = npg.add %[[L]], %[[MS]] : tensor<2x1xf32>
// CHECK-NEXT:    %[[FLAT:.*]] = npg.reshape %[[R]] : tensor<2x1xf32> to tensor<2xf32>
// CHECK-NEXT:    return %[[FLAT]]
func.func @logsumexp(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = npg.logsumexp %x, axes = [1], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// CHECK-LABEL: func.func @softmaxes(
// CHECK-NEXT:    %[[M:.*]] = npg.reduce_max %arg0, axes = [1], keepdims = true : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK-NEXT:    %[[B:.*]] = npg.broadcast_to %[[M]], dims = [0, 1] : tensor<2x1xf32> to tensor<2x3xf32>
// CHECK-NEXT:    %[[D:.*]] = npg.sub %arg0, %[[B]] : tensor<2x3xf32>
// CHECK-NEXT:    %[[E:.*]] = npg.exp %[[D]] : tensor<2x3xf32>
// CHECK-NEXT:    %[[S:.*]] = npg.reduce_sum %[[E]], axes = [1], keepdims = true : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK-NEXT:    %[[SB:.*]] = npg.broadcast_to %[[S]], dims = [0, 1] : tensor<2x1xf32> to tensor<2x3xf32>
// CHECK-NEXT:    %[[SM:.*]] = npg.div %[[E]], %[[SB]] : tensor<2x3xf32>
// CHECK:         %[[L:.*]] = npg.log %{{.*}} : tensor<2x1xf32>
// CHECK-NEXT:    %[[LB:.*]] = npg.broadcast_to %[[L]], dims = [0, 1] : tensor<2x1xf32> to tensor<2x3xf32>
// CHECK-NEXT:    %[[LSM:.*]] = npg.sub %{{.*}}, %[[LB]] : tensor<2x3xf32>
// CHECK-NEXT:    npg.clip %arg0 lo = 0.000000e+00 : tensor<2x3xf32>
// CHECK-NEXT:    return %[[SM]], %[[LSM]]
func.func @softmaxes(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = npg.softmax %x, axis = 1 : tensor<2x3xf32>
  %1 = npg.log_softmax %x, axis = 1 : tensor<2x3xf32>
  %2 = npg.clip %x lo = 0.0 : tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}
