func.func @tan_int(%a: tensor<2xi32>) {
  %0 = npg.tan %a : tensor<2xi32>
  return
}
