func.func @div_pow_one(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %one = npg.constant dense<1.0> : tensor<4xf32>
  %0 = npg.div %x, %one : tensor<4xf32>
  %1 = npg.pow %x, %one : tensor<4xf32>
  %2 = npg.div %one, %x : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
