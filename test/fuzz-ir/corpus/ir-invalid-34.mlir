func.func @cast_shape(%a: tensor<3xf32>) {
  %0 = npg.cast %a : tensor<3xf32> to tensor<1x3xf64>
  return
}
