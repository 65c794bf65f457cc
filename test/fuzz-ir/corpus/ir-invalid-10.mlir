func.func @binary_element_types_differ(%a: tensor<3xf32>, %b: tensor<3xf64>) {
  %0 = "npg.mul"(%a, %b) : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xf32>
  return
}
