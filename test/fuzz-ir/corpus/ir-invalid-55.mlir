func.func @transpose_out_of_range(%a: tensor<2x3xf32>) {
  %0 = npg.transpose %a, perm = [2, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}
