func.func @add_zero(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %zero = npg.constant dense<0.0> : tensor<2x3xf32>
  %negzero = npg.constant dense<-0.0> : tensor<2x3xf32>
  %0 = npg.add %x, %zero : tensor<2x3xf32>
  %1 = npg.add %zero, %x : tensor<2x3xf32>
  %2 = npg.add %x, %negzero : tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}
