func.func @floor_int(%a: tensor<2xi32>) {
  %0 = npg.floor %a : tensor<2xi32>
  return
}
