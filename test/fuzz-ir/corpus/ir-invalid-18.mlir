func.func @sigmoid_int(%a: tensor<2xi32>) {
  %0 = npg.sigmoid %a : tensor<2xi32>
  return
}
