// npg-autodiff reports ops it cannot differentiate instead of crashing, and
// leaves the module without half-built functions.
// RUN: npg-opt %s -split-input-file -npg-autodiff -verify-diagnostics

func.func @no_rule(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  // expected-error @+1 {{'arith.addf' op has no derivative rule; cannot differentiate @no_rule}}
  %0 = arith.addf %x, %x : tensor<3xf32>
  %1 = npg.exp %0 : tensor<3xf32>
  return %1 : tensor<3xf32>
}

// -----

// An op without a rule is fine where no gradient flows through it.
func.func @inactive_no_rule(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %0 = arith.addf %y, %y : tensor<3xf32>
  %1 = npg.exp %x : tensor<3xf32>
  return %0, %1 : tensor<3xf32>, tensor<3xf32>
}

// -----

func.func @f_bwd() {
  return
}

// expected-error @+1 {{'func.func' op cannot differentiate: symbol @f_bwd already exists}}
func.func @f(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
