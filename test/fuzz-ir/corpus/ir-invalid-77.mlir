func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  %0 = npg.concat %a, %b, axis = 0 : tensor<2x3xf32>, tensor<3xf32> -> tensor<3x3xf32>
  return
}
