func.func @cast_same_type(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf64>) {
  %0 = npg.cast %x : tensor<3xf32> to tensor<3xf32>
  %1 = npg.cast %x : tensor<3xf32> to tensor<3xf64>
  return %0, %1 : tensor<3xf32>, tensor<3xf64>
}
