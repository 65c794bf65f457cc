func.func @concat_other_dim(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<1x4xf32>) {
  %0 = npg.concat %a, %b, %c, axis = 0 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<1x4xf32> -> tensor<5x3xf32>
  return
}
