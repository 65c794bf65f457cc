func.func @concat_scalars(%a: tensor<f32>) {
  %0 = npg.concat %a, %a, axis = 0 : tensor<f32>, tensor<f32> -> tensor<2xf32>
  return
}
