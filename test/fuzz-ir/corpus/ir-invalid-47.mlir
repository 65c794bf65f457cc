func.func @reduce_axis_on_scalar(%a: tensor<f32>) {
  %0 = npg.reduce_sum %a, axes = [0], keepdims = false : tensor<f32> -> tensor<f32>
  return
}
