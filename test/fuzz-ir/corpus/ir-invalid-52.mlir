func.func @reshape_element_type(%a: tensor<2x3xf32>) {
  %0 = npg.reshape %a : tensor<2x3xf32> to tensor<6xi32>
  return
}
