func.func @exp_int(%a: tensor<3xi32>) {
  %0 = npg.exp %a : tensor<3xi32>
  return
}
