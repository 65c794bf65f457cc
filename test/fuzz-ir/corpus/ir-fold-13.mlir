func.func @reshape(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<3x2xf32>, tensor<2x3xf32>) {
  %0 = npg.reshape %x : tensor<2x3xf32> to tensor<2x3xf32>
  %1 = npg.reshape %x : tensor<2x3xf32> to tensor<6xf32>
  %2 = npg.reshape %1 : tensor<6xf32> to tensor<3x2xf32>
  %3 = npg.reshape %1 : tensor<6xf32> to tensor<1x6xf32>
  %4 = npg.reshape %3 : tensor<1x6xf32> to tensor<2x3xf32>
  return %0, %2, %4 : tensor<2x3xf32>, tensor<3x2xf32>, tensor<2x3xf32>
}
