func.func @transpose_repeated(%a: tensor<2x3xf32>) {
  %0 = npg.transpose %a, perm = [0, 0] : tensor<2x3xf32> -> tensor<2x2xf32>
  return
}
