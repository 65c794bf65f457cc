func.func @broadcast_dims_out_of_range(%a: tensor<3xf32>) {
  %0 = npg.broadcast_to %a, dims = [2] : tensor<3xf32> to tensor<2x3xf32>
  return
}
