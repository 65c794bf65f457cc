func.func @f(%a: tensor<2xf32>) {
  %0 = "npg.matmul"(%a) : (tensor<2xf32>) -> tensor<f32>
  return
}
