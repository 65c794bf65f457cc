// The composite ops' own derivative rules (rules/include/npg/rules), the
// ones eager npg runs: where differentiating their expansions would differ
// at a bound or at zero, these follow PyTorch.
// RUN: npg-opt %s -npg-autodiff="recompute-elementwise=false" | FileCheck %s

// clip: g on the closed interval [lo, hi] (a bound included), 0 elsewhere
// and at NaN; the expansion into maximum/minimum would give g/2 at a bound.
// CHECK-LABEL: func.func @clip_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[ZERO:.*]] = npg.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[HI:.*]] = npg.constant dense<1.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[BELOW:.*]] = npg.compare le, %arg0, %[[HI]] : tensor<3xf32>
// CHECK-NEXT:    %[[G1:.*]] = npg.select %[[BELOW]], %arg1, %[[ZERO]] : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    %[[ABOVE:.*]] = npg.compare ge, %arg0, %[[ZERO]] : tensor<3xf32>
// CHECK-NEXT:    %[[G2:.*]] = npg.select %[[ABOVE]], %[[G1]], %[[ZERO]] : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    return %[[G2]] : tensor<3xf32>
func.func @clip(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.clip %x lo = 0.0 hi = 1.0 : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// std: var's gradient of g / (2 std), taken as 0 where std is 0 (its
// expansion, sqrt of var, would give inf * 0 = NaN there). The residuals
// are x and the result.
// CHECK-LABEL: func.func @std_fwd(%arg0: tensor<2x3xf64>) -> (tensor<2xf64>, tensor<2x3xf64>, tensor<2xf64>)
// CHECK-NEXT:    %[[S:.*]] = npg.std %arg0, axes = [1], ddof = 1, keepdims = false : tensor<2x3xf64> -> tensor<2xf64>
// CHECK-NEXT:    return %[[S]], %arg0, %[[S]]
// CHECK-LABEL: func.func @std_bwd(%arg0: tensor<2x3xf64>, %arg1: tensor<2xf64>, %arg2: tensor<2xf64>) -> tensor<2x3xf64>
// CHECK-DAG:     %[[N:.*]] = npg.constant dense<3.000000e+00> : tensor<2x1xf64>
// CHECK-DAG:     %[[Z1:.*]] = npg.constant dense<0.000000e+00> : tensor<2x1xf64>
// CHECK-DAG:     %[[ZERO:.*]] = npg.constant dense<0.000000e+00> : tensor<2xf64>
// CHECK-DAG:     %[[TWO:.*]] = npg.constant dense<2.000000e+00> : tensor<2xf64>
// CHECK:         %[[TWICE:.*]] = npg.mul %arg1, %[[TWO]] : tensor<2xf64>
// CHECK-NEXT:    %[[Q:.*]] = npg.div %arg2, %[[TWICE]] : tensor<2xf64>
// CHECK-NEXT:    %[[AT0:.*]] = npg.compare eq, %arg1, %[[ZERO]] : tensor<2xf64>
// CHECK-NEXT:    %[[GV:.*]] = npg.select %[[AT0]], %[[ZERO]], %[[Q]] : tensor<2xi1>, tensor<2xf64>
// CHECK-NEXT:    %[[SPREAD:.*]] = npg.broadcast_to %[[GV]], dims = [0] : tensor<2xf64> to tensor<2x3xf64>
// CHECK-NEXT:    %[[SLICED:.*]] = npg.slice %arg0, starts = [0, 0], limits = [2, 1], steps = [1, 1] : tensor<2x3xf64> -> tensor<2x1xf64>
// CHECK-NEXT:    %[[SS0:.*]] = npg.sub %[[SLICED]], %[[SLICED]] : tensor<2x1xf64>
// CHECK-NEXT:    %[[FIN:.*]] = npg.compare eq, %[[SS0]], %[[Z1]] : tensor<2x1xf64>
// CHECK-NEXT:    %[[FIRST:.*]] = npg.select %[[FIN]], %[[SLICED]], %[[Z1]] : tensor<2x1xi1>, tensor<2x1xf64>
// CHECK-NEXT:    %[[FB:.*]] = npg.broadcast_to %[[FIRST]], dims = [0, 1] : tensor<2x1xf64> to tensor<2x3xf64>
// CHECK-NEXT:    %[[DIFF:.*]] = npg.sub %arg0, %[[FB]] : tensor<2x3xf64>
// CHECK-NEXT:    %[[SUM:.*]] = npg.reduce_sum %[[DIFF]], axes = [1], keepdims = true : tensor<2x3xf64> -> tensor<2x1xf64>
// CHECK-NEXT:    %[[Q:.*]] = npg.div %[[SUM]], %[[N]] : tensor<2x1xf64>
// CHECK-NEXT:    %[[MEAN:.*]] = npg.add %[[FIRST]], %[[Q]] : tensor<2x1xf64>
// CHECK-NEXT:    %[[M:.*]] = npg.broadcast_to %[[MEAN]], dims = [0, 1] : tensor<2x1xf64> to tensor<2x3xf64>
// CHECK-NEXT:    %[[D:.*]] = npg.sub %arg0, %[[M]] : tensor<2x3xf64>
// CHECK-NEXT:    %[[G:.*]] = npg.mul %[[SPREAD]], %[[D]] : tensor<2x3xf64>
// CHECK-NEXT:    return %[[G]] : tensor<2x3xf64>
func.func @std(%x: tensor<2x3xf64> {npg.requires_grad}) -> tensor<2xf64> {
  %0 = npg.std %x, axes = [1], ddof = 1, keepdims = false : tensor<2x3xf64> -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// softmax: y * (g - sum(g * y)), from the result alone.
// CHECK-LABEL: func.func @softmax_bwd(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[GY:.*]] = npg.mul %arg1, %arg0 : tensor<2x3xf32>
// CHECK-NEXT:    %[[S:.*]] = npg.reduce_sum %[[GY]], axes = [1], keepdims = true : tensor<2x3xf32> -> tensor<2x1xf32>
// CHECK-NEXT:    %[[B:.*]] = npg.broadcast_to %[[S]], dims = [0, 1] : tensor<2x1xf32> to tensor<2x3xf32>
// CHECK-NEXT:    %[[D:.*]] = npg.sub %arg1, %[[B]] : tensor<2x3xf32>
// CHECK-NEXT:    %[[G:.*]] = npg.mul %arg0, %[[D]] : tensor<2x3xf32>
// CHECK-NEXT:    return %[[G]] : tensor<2x3xf32>
func.func @softmax(%x: tensor<2x3xf32> {npg.requires_grad}) -> tensor<2x3xf32> {
  %0 = npg.softmax %x, axis = 1 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// log_softmax: g - exp(y) * sum(g).
// CHECK-LABEL: func.func @log_softmax_bwd(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[S:.*]] = npg.reduce_sum %arg1, axes = [0], keepdims = true : tensor<2x3xf32> -> tensor<1x3xf32>
// CHECK-NEXT:    %[[E:.*]] = npg.exp %arg0 : tensor<2x3xf32>
// CHECK-NEXT:    %[[B:.*]] = npg.broadcast_to %[[S]], dims = [0, 1] : tensor<1x3xf32> to tensor<2x3xf32>
// CHECK-NEXT:    %[[P:.*]] = npg.mul %[[E]], %[[B]] : tensor<2x3xf32>
// CHECK-NEXT:    %[[G:.*]] = npg.sub %arg1, %[[P]] : tensor<2x3xf32>
// CHECK-NEXT:    return %[[G]] : tensor<2x3xf32>
func.func @log_softmax(%x: tensor<2x3xf32> {npg.requires_grad}) -> tensor<2x3xf32> {
  %0 = npg.log_softmax %x, axis = 0 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// reduce_mean: g / N spread over the reduced axis; nothing is saved.
// CHECK-LABEL: func.func @mean_bwd(%arg0: tensor<2xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[N:.*]] = npg.constant dense<3.000000e+00> : tensor<2xf32>
// CHECK-NEXT:    %[[Q:.*]] = npg.div %arg0, %[[N]] : tensor<2xf32>
// CHECK-NEXT:    %[[G:.*]] = npg.broadcast_to %[[Q]], dims = [0] : tensor<2xf32> to tensor<2x3xf32>
// CHECK-NEXT:    return %[[G]] : tensor<2x3xf32>
func.func @mean(%x: tensor<2x3xf32> {npg.requires_grad}) -> tensor<2xf32> {
  %0 = npg.reduce_mean %x, axes = [1], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// gelu's slope is computed from x alone (the reverse sweep meets it first);
// softplus's gradient is g * sigmoid(x).
// CHECK-LABEL: func.func @activations_bwd(%arg0: tensor<3xf64>, %arg1: tensor<3xf64>, %arg2: tensor<3xf64>) -> tensor<3xf64>
// CHECK:         npg.tanh
// CHECK:         %[[GELU:.*]] = npg.mul %arg2, %{{.*}} : tensor<3xf64>
// CHECK-NEXT:    %[[SIG:.*]] = npg.sigmoid %arg0 : tensor<3xf64>
// CHECK-NEXT:    %[[SP:.*]] = npg.mul %arg1, %[[SIG]] : tensor<3xf64>
// CHECK-NEXT:    %[[G:.*]] = npg.add %[[GELU]], %[[SP]] : tensor<3xf64>
// CHECK-NEXT:    return %[[G]]
func.func @activations(%x: tensor<3xf64> {npg.requires_grad}) -> (tensor<3xf64>, tensor<3xf64>) {
  %0 = npg.softplus %x : tensor<3xf64>
  %1 = npg.gelu %x : tensor<3xf64>
  return %0, %1 : tensor<3xf64>, tensor<3xf64>
}
