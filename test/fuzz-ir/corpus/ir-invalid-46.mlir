func.func @reduce_axes_unsorted(%a: tensor<2x3xf32>) {
  %0 = npg.reduce_sum %a, axes = [1, 0], keepdims = false : tensor<2x3xf32> -> tensor<f32>
  return
}
