func.func @cos_int(%a: tensor<2xi32>) {
  %0 = npg.cos %a : tensor<2xi32>
  return
}
