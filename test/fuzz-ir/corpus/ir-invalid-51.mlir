func.func @reshape_count(%a: tensor<2x3xf32>) {
  %0 = npg.reshape %a : tensor<2x3xf32> to tensor<5xf32>
  return
}
