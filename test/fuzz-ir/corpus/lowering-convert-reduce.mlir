func.func @sum_f64(%x: tensor<2x3x4xf64>) -> tensor<2x4xf64> {
  %0 = npg.reduce_sum %x, axes = [1], keepdims = false : tensor<2x3x4xf64> -> tensor<2x4xf64>
  return %0 : tensor<2x4xf64>
}

func.func @sum_f32_keepdims(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  %0 = npg.reduce_sum %x, axes = [1], keepdims = true : tensor<2x3xf32> -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

func.func @extrema(%x: tensor<2x3xf32>, %i: tensor<2x3xi32>, %b: tensor<2x3xi1>, %l: tensor<2x3xi64>) -> (tensor<f32>, tensor<3xf32>, tensor<2xi32>, tensor<2xi32>, tensor<3xi1>, tensor<3xi1>, tensor<3xi64>) {
  %0 = npg.reduce_max %x, axes = [0, 1], keepdims = false : tensor<2x3xf32> -> tensor<f32>
  %1 = npg.reduce_min %x, axes = [0], keepdims = false : tensor<2x3xf32> -> tensor<3xf32>
  %2 = npg.reduce_max %i, axes = [1], keepdims = false : tensor<2x3xi32> -> tensor<2xi32>
  %3 = npg.reduce_min %i, axes = [1], keepdims = false : tensor<2x3xi32> -> tensor<2xi32>
  %4 = npg.reduce_max %b, axes = [0], keepdims = false : tensor<2x3xi1> -> tensor<3xi1>
  %5 = npg.reduce_min %b, axes = [0], keepdims = false : tensor<2x3xi1> -> tensor<3xi1>
  %6 = npg.reduce_sum %l, axes = [0], keepdims = false : tensor<2x3xi64> -> tensor<3xi64>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<f32>, tensor<3xf32>, tensor<2xi32>, tensor<2xi32>, tensor<3xi1>, tensor<3xi1>, tensor<3xi64>
}
