func.func @binary_shapes_differ(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) {
  %0 = "npg.add"(%a, %b) : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>
  return
}
