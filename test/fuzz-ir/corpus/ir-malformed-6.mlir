func.func @f(%a: tensor<2xf32>) {
  %0 = "npg.reduce_sum"(%a) <{axes = "x"}> : (tensor<2xf32>) -> tensor<f32>
  return
}
