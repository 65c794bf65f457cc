func.func @transpose(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<4x3x2xf32>) {
  %0 = npg.transpose %x, perm = [0, 1, 2] : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %1 = npg.transpose %x, perm = [1, 2, 0] : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %2 = npg.transpose %1, perm = [2, 0, 1] : tensor<3x4x2xf32> -> tensor<2x3x4xf32>
  %3 = npg.transpose %1, perm = [1, 0, 2] : tensor<3x4x2xf32> -> tensor<4x3x2xf32>
  return %0, %2, %3 : tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<4x3x2xf32>
}
