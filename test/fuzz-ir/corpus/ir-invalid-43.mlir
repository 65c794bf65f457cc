func.func @reduce_axis_out_of_range(%a: tensor<2x3xf32>) {
  %0 = npg.reduce_sum %a, axes = [0, 2], keepdims = false : tensor<2x3xf32> -> tensor<f32>
  return
}
