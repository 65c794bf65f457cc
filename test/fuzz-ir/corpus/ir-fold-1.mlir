func.func @add_not_zero(%x: tensor<2xi64>, %f: tensor<2xf32>) -> (tensor<2xi64>, tensor<2xi64>, tensor<2xf32>) {
  %zero = npg.constant dense<0> : tensor<2xi64>
  %one = npg.constant dense<1> : tensor<2xi64>
  %mixed = npg.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %0 = npg.add %zero, %x : tensor<2xi64>
  %1 = npg.add %x, %one : tensor<2xi64>
  %2 = npg.add %f, %mixed : tensor<2xf32>
  return %0, %1, %2 : tensor<2xi64>, tensor<2xi64>, tensor<2xf32>
}
