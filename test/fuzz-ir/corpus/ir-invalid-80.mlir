func.func @concat_axis(%a: tensor<2x3xf32>) {
  %0 = npg.concat %a, %a, axis = 2 : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x6xf32>
  return
}
