func.func @reduce_result(%a: tensor<2x3xf32>) {
  %0 = npg.reduce_sum %a, axes = [0], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  return
}
