func.func @sub_zero(%x: tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>) {
  %zero = npg.constant dense<0.0> : tensor<3xf64>
  %0 = npg.sub %x, %zero : tensor<3xf64>
  %1 = npg.sub %zero, %x : tensor<3xf64>
  return %0, %1 : tensor<3xf64>, tensor<3xf64>
}
