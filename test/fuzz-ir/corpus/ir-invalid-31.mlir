func.func @select_cond_shape(%c: tensor<2xi1>, %a: tensor<3xf32>) {
  %0 = npg.select %c, %a, %a : tensor<2xi1>, tensor<3xf32>
  return
}
