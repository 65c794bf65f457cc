func.func @max_min_self(%x: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>) {
  %0 = npg.maximum %x, %x : tensor<4xi32>
  %1 = npg.minimum %x, %x : tensor<4xi32>
  return %0, %1 : tensor<4xi32>, tensor<4xi32>
}
