func.func @ceil_int(%a: tensor<2xi32>) {
  %0 = npg.ceil %a : tensor<2xi32>
  return
}
