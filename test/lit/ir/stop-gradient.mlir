// RUN: npg-opt %s | FileCheck %s --check-prefix=ROUNDTRIP
// RUN: npg-opt %s --npg-autodiff | FileCheck %s --check-prefix=GRAD
// RUN: npg-opt %s --npg-autodiff --convert-npg-to-linalg | FileCheck %s --check-prefix=LOWER

// f(x) = x * stop_gradient(x): its value is x^2, its gradient x (not 2x),
// as eager `x * x.detach()`.
func.func @f(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %s = npg.stop_gradient %x : tensor<3xf32>
  %y = npg.mul %x, %s : tensor<3xf32>
  return %y : tensor<3xf32>
}

// ROUNDTRIP-LABEL: func.func @f
// ROUNDTRIP:         %[[S:.*]] = npg.stop_gradient %arg0 : tensor<3xf32>
// ROUNDTRIP:         npg.mul %arg0, %[[S]] : tensor<3xf32>

// The backward multiplies the incoming gradient by the stopped value once:
// no second term flows through npg.stop_gradient.
// GRAD-LABEL: func.func @f_bwd
// GRAD-SAME:    (%[[R:.*]]: tensor<3xf32>, %[[G:.*]]: tensor<3xf32>) -> tensor<3xf32>
// GRAD-NEXT:    %[[D:.*]] = npg.mul %[[G]], %[[R]] : tensor<3xf32>
// GRAD-NEXT:    return %[[D]]

// After autodiff, the lowering drops it.
// LOWER-NOT: npg.stop_gradient
