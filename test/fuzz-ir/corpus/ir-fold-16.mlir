func.func @slice(%x: tensor<4x1xf32>) -> (tensor<4x1xf32>, tensor<4x1xf32>, tensor<4x1xf32>) {
  %0 = npg.slice %x, starts = [0, 0], limits = [4, 1], steps = [1, 1] : tensor<4x1xf32> -> tensor<4x1xf32>
  %1 = npg.slice %x, starts = [0, 0], limits = [4, -1], steps = [1, -1] : tensor<4x1xf32> -> tensor<4x1xf32>
  %2 = npg.slice %x, starts = [3, 0], limits = [-1, 1], steps = [-1, 1] : tensor<4x1xf32> -> tensor<4x1xf32>
  return %0, %1, %2 : tensor<4x1xf32>, tensor<4x1xf32>, tensor<4x1xf32>
}
