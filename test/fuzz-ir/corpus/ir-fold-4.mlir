func.func @mul_zero_stays(%x: tensor<2xf32>) -> tensor<2xf32> {
  %zero = npg.constant dense<0.0> : tensor<2xf32>
  %0 = npg.mul %x, %zero : tensor<2xf32>
  return %0 : tensor<2xf32>
}
