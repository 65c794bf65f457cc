func.func @broadcast_of_broadcast(%x: tensor<3xf32>) -> tensor<4x2x3xf32> {
  %0 = npg.broadcast_to %x, dims = [1] : tensor<3xf32> to tensor<2x3xf32>
  %1 = npg.broadcast_to %0, dims = [1, 2] : tensor<2x3xf32> to tensor<4x2x3xf32>
  return %1 : tensor<4x2x3xf32>
}
