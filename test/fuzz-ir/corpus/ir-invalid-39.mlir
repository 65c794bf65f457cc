func.func @broadcast_dims_negative(%a: tensor<3xf32>) {
  %0 = npg.broadcast_to %a, dims = [-1] : tensor<3xf32> to tensor<2x3xf32>
  return
}
