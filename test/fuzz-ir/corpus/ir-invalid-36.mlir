func.func @broadcast_dims_not_increasing(%a: tensor<1x3xf32>) {
  %0 = npg.broadcast_to %a, dims = [1, 0] : tensor<1x3xf32> to tensor<3x3xf32>
  return
}
