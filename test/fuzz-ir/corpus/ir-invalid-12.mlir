func.func @binary_implicit_broadcast(%a: tensor<3xf32>, %b: tensor<f32>) {
  %0 = "npg.sub"(%a, %b) : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
  return
}
