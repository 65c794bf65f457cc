func.func @layer(%x: tensor<2x3xf32>, %w: tensor<3x4xf32> {npg.requires_grad}, %b: tensor<4xf32> {npg.requires_grad}) -> tensor<f32> {
  %0 = npg.matmul %x, %w : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  %1 = npg.broadcast_to %b, dims = [1] : tensor<4xf32> to tensor<2x4xf32>
  %2 = npg.add %0, %1 : tensor<2x4xf32>
  %3 = npg.tanh %2 : tensor<2x4xf32>
  %4 = npg.reduce_sum %3, axes = [0, 1], keepdims = false : tensor<2x4xf32> -> tensor<f32>
  %5 = npg.constant dense<8.0> : tensor<f32>
  %6 = npg.div %4, %5 : tensor<f32>
  return %6 : tensor<f32>
}
