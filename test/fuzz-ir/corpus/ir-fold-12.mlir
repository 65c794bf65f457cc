func.func @reduce_identity(%x: tensor<2x1x3xf32>) -> (tensor<2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x3xf32>) {
  %0 = npg.reduce_sum %x, axes = [], keepdims = false : tensor<2x1x3xf32> -> tensor<2x1x3xf32>
  %1 = npg.reduce_max %x, axes = [], keepdims = true : tensor<2x1x3xf32> -> tensor<2x1x3xf32>
  %2 = npg.reduce_min %x, axes = [1], keepdims = true : tensor<2x1x3xf32> -> tensor<2x1x3xf32>
  %3 = npg.reduce_sum %x, axes = [1], keepdims = false : tensor<2x1x3xf32> -> tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x1x3xf32>, tensor<2x3xf32>
}
