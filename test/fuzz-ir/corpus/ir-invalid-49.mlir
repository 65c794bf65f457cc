func.func @reduce_keepdims_result(%a: tensor<2x3xf32>) {
  %0 = npg.reduce_sum %a, axes = [0], keepdims = true : tensor<2x3xf32> -> tensor<3xf32>
  return
}
