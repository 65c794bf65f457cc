func.func @sin_int(%a: tensor<2xi32>) {
  %0 = npg.sin %a : tensor<2xi32>
  return
}
