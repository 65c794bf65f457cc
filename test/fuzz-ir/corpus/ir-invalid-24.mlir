func.func @round_int(%a: tensor<2xi32>) {
  %0 = npg.round %a : tensor<2xi32>
  return
}
