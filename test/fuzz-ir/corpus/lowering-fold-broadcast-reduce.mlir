func.func @add_bias_bwd(%g: tensor<f32>) -> (tensor<4x3xf32>, tensor<3xf32>) {
  %0 = npg.broadcast_to %g, dims = [] : tensor<f32> to tensor<4x3xf32>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<3xf32>
}

func.func @add_bias_general_bwd(%g: tensor<4x3xf32>) -> tensor<3xf32> {
  %1 = npg.reduce_sum %g, axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
  return %1 : tensor<3xf32>
}

func.func @mul_weight_bwd(%x: tensor<4x3xf32>, %wb: tensor<4x3xf32>, %g: tensor<f32>) -> (tensor<4x3xf32>, tensor<3xf32>) {
  %0 = npg.broadcast_to %g, dims = [] : tensor<f32> to tensor<4x3xf32>
  %1 = npg.mul %0, %wb : tensor<4x3xf32>
  %2 = npg.mul %0, %x : tensor<4x3xf32>
  %3 = npg.reduce_sum %2, axes = [0], keepdims = false : tensor<4x3xf32> -> tensor<3xf32>
  return %1, %3 : tensor<4x3xf32>, tensor<3xf32>
}

func.func @keepdims_bias_bwd(%g: tensor<f64>) -> tensor<1x3xf64> {
  %0 = npg.broadcast_to %g, dims = [] : tensor<f64> to tensor<4x3xf64>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<4x3xf64> -> tensor<3xf64>
  %2 = npg.reshape %1 : tensor<3xf64> to tensor<1x3xf64>
  return %2 : tensor<1x3xf64>
}

func.func @superset(%b: tensor<3xf32>) -> tensor<f32> {
  %0 = npg.broadcast_to %b, dims = [1] : tensor<3xf32> to tensor<4x3xf32>
  %1 = npg.reduce_sum %0, axes = [0, 1], keepdims = false : tensor<4x3xf32> -> tensor<f32>
  return %1 : tensor<f32>
}

func.func @subset(%b: tensor<3xf32>) -> tensor<5x3xf32> {
  %0 = npg.broadcast_to %b, dims = [2] : tensor<3xf32> to tensor<5x4x3xf32>
  %1 = npg.reduce_sum %0, axes = [1], keepdims = false : tensor<5x4x3xf32> -> tensor<5x3xf32>
  return %1 : tensor<5x3xf32>
}

func.func @keepdims(%b: tensor<3x1xi64>) -> tensor<3x1xi64> {
  %0 = npg.broadcast_to %b, dims = [0, 1] : tensor<3x1xi64> to tensor<3x5xi64>
  %1 = npg.reduce_sum %0, axes = [1], keepdims = true : tensor<3x5xi64> -> tensor<3x1xi64>
  return %1 : tensor<3x1xi64>
}

func.func @bool_sum(%b: tensor<3xi1>) -> tensor<3xi1> {
  %0 = npg.broadcast_to %b, dims = [1] : tensor<3xi1> to tensor<4x3xi1>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<4x3xi1> -> tensor<3xi1>
  return %1 : tensor<3xi1>
}

func.func @merge(%x: tensor<2x3x4xf32>) -> (tensor<3xf32>, tensor<1x3x1xf32>, tensor<2xf32>) {
  %0 = npg.reduce_sum %x, axes = [2], keepdims = false : tensor<2x3x4xf32> -> tensor<2x3xf32>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<2x3xf32> -> tensor<3xf32>
  %2 = npg.reduce_max %x, axes = [0], keepdims = true : tensor<2x3x4xf32> -> tensor<1x3x4xf32>
  %3 = npg.reduce_max %2, axes = [2], keepdims = true : tensor<1x3x4xf32> -> tensor<1x3x1xf32>
  %4 = npg.reduce_min %x, axes = [1], keepdims = true : tensor<2x3x4xf32> -> tensor<2x1x4xf32>
  %5 = npg.reduce_min %4, axes = [1, 2], keepdims = false : tensor<2x1x4xf32> -> tensor<2xf32>
  return %1, %3, %5 : tensor<3xf32>, tensor<1x3x1xf32>, tensor<2xf32>
}

func.func @merge_mixed(%x: tensor<2x3x4xf32>) -> tensor<1x4xf32> {
  %0 = npg.reduce_sum %x, axes = [0], keepdims = true : tensor<2x3x4xf32> -> tensor<1x3x4xf32>
  %1 = npg.reduce_sum %0, axes = [1], keepdims = false : tensor<1x3x4xf32> -> tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

func.func @unit(%x: tensor<2x1x3xf32>) -> (tensor<2x3xf32>, tensor<2x3x1xf32>) {
  %0 = npg.reduce_max %x, axes = [1], keepdims = false : tensor<2x1x3xf32> -> tensor<2x3xf32>
  %1 = npg.transpose %x, perm = [0, 2, 1] : tensor<2x1x3xf32> -> tensor<2x3x1xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3x1xf32>
}

func.func @spread(%g: tensor<3xf32>) -> tensor<3x4xf32> {
  %0 = npg.reshape %g : tensor<3xf32> to tensor<3x1xf32>
  %1 = npg.broadcast_to %0, dims = [0, 1] : tensor<3x1xf32> to tensor<3x4xf32>
  return %1 : tensor<3x4xf32>
}

func.func @keepdims_reshape(%x: tensor<4x3xf32>) -> tensor<3xf32> {
  %0 = npg.reduce_sum %x, axes = [0], keepdims = true : tensor<4x3xf32> -> tensor<1x3xf32>
  %1 = npg.reshape %0 : tensor<1x3xf32> to tensor<3xf32>
  return %1 : tensor<3xf32>
}

func.func @div(%y: tensor<4x3xf64>, %s: tensor<3xf64>) -> tensor<4x3xf64> {
  %0 = npg.broadcast_to %s, dims = [1] : tensor<3xf64> to tensor<4x3xf64>
  %1 = npg.broadcast_to %0, dims = [1, 2] : tensor<4x3xf64> to tensor<2x4x3xf64>
  %2 = npg.broadcast_to %y, dims = [1, 2] : tensor<4x3xf64> to tensor<2x4x3xf64>
  %3 = npg.div %2, %1 : tensor<2x4x3xf64>
  %4 = npg.reduce_sum %3, axes = [0], keepdims = false : tensor<2x4x3xf64> -> tensor<4x3xf64>
  return %4 : tensor<4x3xf64>
}

func.func @not_constant(%x: tensor<4x3xf32>, %w: tensor<3xf32>) -> tensor<4xf32> {
  %0 = npg.broadcast_to %w, dims = [1] : tensor<3xf32> to tensor<4x3xf32>
  %1 = npg.mul %x, %0 : tensor<4x3xf32>
  %2 = npg.reduce_sum %1, axes = [1], keepdims = false : tensor<4x3xf32> -> tensor<4xf32>
  return %2 : tensor<4xf32>
}
