func.func @f(%a: tensor<1xf32> {npg.requires_grad}) -> tensor<4294967296x4294967296xf32> {
  %0 = npg.broadcast_to %a, dims = [1] : tensor<1xf32> to tensor<4294967296x4294967296xf32>
  %1 = "npg.reduce_sum"(%0) <{axes = array<i64: 0, 1>}> : (tensor<4294967296x4294967296xf32>) -> tensor<f32>
  return %0 : tensor<4294967296x4294967296xf32>
}
