func.func @broadcast_dims_repeated(%a: tensor<1x1xf32>) {
  %0 = npg.broadcast_to %a, dims = [1, 1] : tensor<1x1xf32> to tensor<3x3xf32>
  return
}
