func.func @splat_constants() -> (tensor<4x3xf32>, tensor<3x2xi64>, tensor<2xi1>) {
  %c = npg.constant dense<2.5> : tensor<f32>
  %0 = npg.broadcast_to %c, dims = [] : tensor<f32> to tensor<4x3xf32>
  %i = npg.constant dense<7> : tensor<2x3xi64>
  %1 = npg.transpose %i, perm = [1, 0] : tensor<2x3xi64> -> tensor<3x2xi64>
  %b = npg.constant dense<true> : tensor<5xi1>
  %2 = npg.slice %b, starts = [4], limits = [0], steps = [-2] : tensor<5xi1> -> tensor<2xi1>
  return %0, %1, %2 : tensor<4x3xf32>, tensor<3x2xi64>, tensor<2xi1>
}
