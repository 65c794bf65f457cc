func.func @broadcast_same_type(%x: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %0 = npg.broadcast_to %x, dims = [0, 1] : tensor<1x3xf32> to tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}
