func.func @mul_one(%x: tensor<2x2xf32>, %i: tensor<i32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<i32>) {
  %one = npg.constant dense<1.0> : tensor<2x2xf32>
  %ione = npg.constant dense<1> : tensor<i32>
  %0 = npg.mul %x, %one : tensor<2x2xf32>
  %1 = npg.mul %one, %x : tensor<2x2xf32>
  %2 = npg.mul %ione, %i : tensor<i32>
  return %0, %1, %2 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<i32>
}
