func.func @broadcast_incompatible(%a: tensor<3xf32>) {
  %0 = npg.broadcast_to %a, dims = [1] : tensor<3xf32> to tensor<3x4xf32>
  return
}
