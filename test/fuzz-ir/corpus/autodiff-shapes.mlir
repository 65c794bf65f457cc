func.func @f(%x: tensor<4x3xf32> {npg.requires_grad}) -> tensor<3x2xf32> {
  %0 = npg.slice %x, starts = [3, 0], limits = [-1, 3], steps = [-2, 1] : tensor<4x3xf32> -> tensor<2x3xf32>
  %1 = npg.transpose %0, perm = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %2 = npg.reshape %1 : tensor<3x2xf32> to tensor<6xf32>
  %3 = npg.sin %2 : tensor<6xf32>
  %4 = npg.reshape %3 : tensor<6xf32> to tensor<3x2xf32>
  return %4 : tensor<3x2xf32>
}

func.func @perm(%x: tensor<2x3x4xf32> {npg.requires_grad}) -> tensor<4x2x3xf32> {
  %0 = npg.transpose %x, perm = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

func.func @cat(%a: tensor<2x3xf32> {npg.requires_grad}, %b: tensor<2x2xf32> {npg.requires_grad}) -> tensor<2x5xf32> {
  %0 = npg.concat %a, %b, axis = 1 : tensor<2x3xf32>, tensor<2x2xf32> -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

func.func @ins(%s: tensor<2xf32> {npg.requires_grad}, %d: tensor<5xf32> {npg.requires_grad}) -> tensor<5xf32> {
  %0 = npg.insert_slice %s into %d, starts = [4], limits = [0], steps = [-3] : tensor<2xf32> into tensor<5xf32>
  return %0 : tensor<5xf32>
}
