func.func @broadcast_element_type(%a: tensor<3xf32>) {
  %0 = npg.broadcast_to %a, dims = [1] : tensor<3xf32> to tensor<2x3xf64>
  return
}
