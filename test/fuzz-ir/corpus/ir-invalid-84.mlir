func.func @concat_result(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) {
  %0 = npg.concat %a, %b, axis = 0 : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<2x3xf32>
  return
}
