func.func @select_cond_not_bool(%c: tensor<3xi32>, %a: tensor<3xf32>) {
  %0 = npg.select %c, %a, %a : tensor<3xi32>, tensor<3xf32>
  return
}
