func.func @broadcast_to_smaller(%a: tensor<2x3xf32>) {
  %0 = npg.broadcast_to %a, dims = [0, 1] : tensor<2x3xf32> to tensor<3xf32>
  return
}
