func.func @transpose_length(%a: tensor<2x3xf32>) {
  %0 = npg.transpose %a, perm = [1, 0, 2] : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}
