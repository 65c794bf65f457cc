func.func @concat_element_type(%a: tensor<2x3xf32>, %b: tensor<1x3xf64>) {
  %0 = npg.concat %a, %b, axis = 0 : tensor<2x3xf32>, tensor<1x3xf64> -> tensor<3x3xf32>
  return
}
