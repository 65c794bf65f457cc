func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<3xf32>) {
  %0 = npg.matmul %a, %b : tensor<f32>, tensor<3xf32> -> tensor<3xf32>
  return
}
