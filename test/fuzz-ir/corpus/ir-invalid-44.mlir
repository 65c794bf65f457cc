func.func @reduce_axis_negative(%a: tensor<2x3xf32>) {
  %0 = npg.reduce_max %a, axes = [-1], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  return
}
