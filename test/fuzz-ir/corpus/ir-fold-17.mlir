func.func @insert_slice(%s: tensor<4x1xf32>, %x: tensor<4x1xf32>) -> (tensor<4x1xf32>, tensor<4x1xf32>) {
  %0 = npg.insert_slice %s into %x, starts = [0, 0], limits = [4, -1], steps = [1, -1] : tensor<4x1xf32> into tensor<4x1xf32>
  %1 = npg.insert_slice %s into %x, starts = [3, 0], limits = [-1, 1], steps = [-1, 1] : tensor<4x1xf32> into tensor<4x1xf32>
  return %0, %1 : tensor<4x1xf32>, tensor<4x1xf32>
}
