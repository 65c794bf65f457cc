func.func @matmul_result(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  %0 = npg.matmul %a, %b : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x1xf32>
  return
}
