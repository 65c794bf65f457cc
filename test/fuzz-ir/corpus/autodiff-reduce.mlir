func.func @mse(%p: tensor<8x1xf64> {npg.requires_grad}, %y: tensor<8x1xf64>) -> tensor<f64> {
  %e = npg.sub %p, %y : tensor<8x1xf64>
  %sq = npg.mul %e, %e : tensor<8x1xf64>
  %s = npg.reduce_sum %sq, axes = [0, 1], keepdims = false : tensor<8x1xf64> -> tensor<f64>
  %n = npg.constant dense<8.0> : tensor<f64>
  %m = npg.div %s, %n : tensor<f64>
  return %m : tensor<f64>
}

func.func @sum_middle(%x: tensor<2x3x4xf32> {npg.requires_grad}) -> tensor<2x4xf32> {
  %0 = npg.reduce_sum %x, axes = [1], keepdims = false : tensor<2x3x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

func.func @sum_keepdims(%x: tensor<2x3x4xf32> {npg.requires_grad}) -> tensor<2x1x1xf32> {
  %0 = npg.reduce_sum %x, axes = [1, 2], keepdims = true : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}

func.func @max(%x: tensor<2x3xf32> {npg.requires_grad}) -> tensor<2xf32> {
  %0 = npg.reduce_max %x, axes = [1], keepdims = false : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func @min(%x: tensor<2x3xf32> {npg.requires_grad}) -> tensor<1x3xf32> {
  %0 = npg.reduce_min %x, axes = [0], keepdims = true : tensor<2x3xf32> -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}
