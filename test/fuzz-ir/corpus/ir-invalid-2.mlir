func.func @f16(%a: tensor<2x3xf16>) {
  %0 = npg.abs %a : tensor<2x3xf16>
  return
}
