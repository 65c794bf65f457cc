func.func @ints(%x: tensor<3xf32> {npg.requires_grad}, %i: tensor<3xi64> {npg.requires_grad}) -> (tensor<3xf32>, tensor<3xi64>) {
  %0 = npg.cast %i : tensor<3xi64> to tensor<3xf32>
  %1 = npg.mul %x, %0 : tensor<3xf32>
  %2 = npg.cast %x : tensor<3xf32> to tensor<3xi64>
  %3 = npg.add %2, %i : tensor<3xi64>
  return %1, %3 : tensor<3xf32>, tensor<3xi64>
}

func.func @masked(%a: tensor<4xf64> {npg.requires_grad}, %b: tensor<4xf64> {npg.requires_grad}) -> tensor<4xf64> {
  %c = npg.compare gt, %a, %b : tensor<4xf64>
  %0 = npg.select %c, %a, %b : tensor<4xi1>, tensor<4xf64>
  return %0 : tensor<4xf64>
}

func.func @multi(%x: tensor<3xf32> {npg.requires_grad}, %u: tensor<3xf32> {npg.requires_grad}) -> (tensor<3xf32>, tensor<f32>) {
  %0 = npg.exp %x : tensor<3xf32>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<3xf32> -> tensor<f32>
  return %0, %1 : tensor<3xf32>, tensor<f32>
}

func.func @unused(%x: tensor<2xf64>, %u: tensor<2xf64> {npg.requires_grad}) -> tensor<2xf64> {
  %0 = npg.exp %x : tensor<2xf64>
  return %0 : tensor<2xf64>
}

func.func @widen(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf64> {
  %0 = npg.cast %x : tensor<3xf32> to tensor<3xf64>
  return %0 : tensor<3xf64>
}
