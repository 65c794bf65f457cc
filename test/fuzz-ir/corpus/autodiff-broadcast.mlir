func.func @bias(%x: tensor<2x3xf32> {npg.requires_grad}, %b: tensor<3xf32> {npg.requires_grad}) -> tensor<2x3xf32> {
  %0 = npg.broadcast_to %b, dims = [1] : tensor<3xf32> to tensor<2x3xf32>
  %1 = npg.add %x, %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

func.func @scale(%x: tensor<2x3xf64> {npg.requires_grad}, %w: tensor<3xf64> {npg.requires_grad}) -> tensor<2x3xf64> {
  %0 = npg.broadcast_to %w, dims = [1] : tensor<3xf64> to tensor<2x3xf64>
  %1 = npg.mul %x, %0 : tensor<2x3xf64>
  return %1 : tensor<2x3xf64>
}

func.func @unit_dims(%x: tensor<2x1x1xf32> {npg.requires_grad}) -> tensor<4x2x3x1xf32> {
  %0 = npg.broadcast_to %x, dims = [1, 2, 3] : tensor<2x1x1xf32> to tensor<4x2x3x1xf32>
  return %0 : tensor<4x2x3x1xf32>
}

func.func @scalar(%s: tensor<f32> {npg.requires_grad}) -> tensor<2x3xf32> {
  %0 = npg.broadcast_to %s, dims = [] : tensor<f32> to tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
