func.func @matmul_vector_contraction(%a: tensor<3xf32>, %b: tensor<4xf32>) {
  %0 = npg.matmul %a, %b : tensor<3xf32>, tensor<4xf32> -> tensor<f32>
  return
}
