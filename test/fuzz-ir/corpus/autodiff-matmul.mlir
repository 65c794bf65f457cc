func.func @mm(%a: tensor<2x3xf32> {npg.requires_grad}, %b: tensor<3x4xf32> {npg.requires_grad}) -> tensor<2x4xf32> {
  %0 = npg.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

func.func @mv(%a: tensor<5x2x3xf32> {npg.requires_grad}, %b: tensor<3xf32> {npg.requires_grad}) -> tensor<5x2xf32> {
  %0 = npg.matmul %a, %b : tensor<5x2x3xf32>, tensor<3xf32> -> tensor<5x2xf32>
  return %0 : tensor<5x2xf32>
}

func.func @dot(%a: tensor<3xf64> {npg.requires_grad}, %b: tensor<3xf64> {npg.requires_grad}) -> tensor<f64> {
  %0 = npg.matmul %a, %b : tensor<3xf64>, tensor<3xf64> -> tensor<f64>
  return %0 : tensor<f64>
}

func.func @batch(%a: tensor<2x3xf32> {npg.requires_grad}, %b: tensor<4x3x5xf32> {npg.requires_grad}) -> tensor<4x2x5xf32> {
  %0 = npg.matmul %a, %b : tensor<2x3xf32>, tensor<4x3x5xf32> -> tensor<4x2x5xf32>
  return %0 : tensor<4x2x5xf32>
}

func.func @batch_ones(%a: tensor<3x1x2x5xf32> {npg.requires_grad}, %b: tensor<2x1x4x5x2xf32> {npg.requires_grad}) -> tensor<2x3x4x2x2xf32> {
  %0 = npg.matmul %a, %b : tensor<3x1x2x5xf32>, tensor<2x1x4x5x2xf32> -> tensor<2x3x4x2x2xf32>
  return %0 : tensor<2x3x4x2x2xf32>
}
