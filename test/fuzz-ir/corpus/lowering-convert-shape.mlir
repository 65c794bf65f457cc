func.func @broadcast(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = npg.broadcast_to %x, dims = [1, 2] : tensor<3x1xf32> to tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = npg.transpose %x, perm = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

func.func @reshape(%x: tensor<2x3x4xf32>, %s: tensor<f32>) -> (tensor<6x4xf32>, tensor<4x6xf32>, tensor<1x1xf32>) {
  %0 = npg.reshape %x : tensor<2x3x4xf32> to tensor<6x4xf32>
  %1 = npg.reshape %x : tensor<2x3x4xf32> to tensor<4x6xf32>
  %2 = npg.reshape %s : tensor<f32> to tensor<1x1xf32>
  return %0, %1, %2 : tensor<6x4xf32>, tensor<4x6xf32>, tensor<1x1xf32>
}

func.func @slice(%x: tensor<4x3xf32>) -> (tensor<2x2xf32>, tensor<2x3xf32>) {
  %0 = npg.slice %x, starts = [1, 0], limits = [4, 3], steps = [2, 2] : tensor<4x3xf32> -> tensor<2x2xf32>
  %1 = npg.slice %x, starts = [1, 2], limits = [3, -1], steps = [1, -1] : tensor<4x3xf32> -> tensor<2x3xf32>
  return %0, %1 : tensor<2x2xf32>, tensor<2x3xf32>
}

func.func @concat(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) -> tensor<3x3xf32> {
  %0 = npg.concat %a, %b, axis = 0 : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

func.func @insert_slice(%s: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %z = npg.constant dense<0.0> : tensor<4x3xf32>
  %0 = npg.insert_slice %s into %z, starts = [1, 2], limits = [4, -1], steps = [2, -1] : tensor<2x3xf32> into tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = npg.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

func.func @matmul_batch(%a: tensor<5x1x2x3xf64>, %b: tensor<4x3x2xf64>) -> tensor<5x4x2x2xf64> {
  %0 = npg.matmul %a, %b : tensor<5x1x2x3xf64>, tensor<4x3x2xf64> -> tensor<5x4x2x2xf64>
  return %0 : tensor<5x4x2x2xf64>
}

func.func @matmul_vec(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<f32> {
  %0 = npg.matmul %a, %b : tensor<3xf32>, tensor<3xf32> -> tensor<f32>
  return %0 : tensor<f32>
}
