func.func @concat_negative_axis(%a: tensor<2x3xf32>) {
  %0 = npg.concat %a, %a, axis = -1 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x6xf32>
  return
}
