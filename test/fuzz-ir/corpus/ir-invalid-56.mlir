func.func @transpose_result(%a: tensor<2x3xf32>) {
  %0 = npg.transpose %a, perm = [1, 0] : tensor<2x3xf32> -> tensor<2x3xf32>
  return
}
