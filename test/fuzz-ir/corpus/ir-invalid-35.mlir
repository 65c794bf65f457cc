func.func @broadcast_dims_length(%a: tensor<3xf32>) {
  %0 = npg.broadcast_to %a, dims = [0, 1] : tensor<3xf32> to tensor<2x3xf32>
  return
}
