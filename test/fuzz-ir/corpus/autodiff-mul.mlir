func.func @f(%x: tensor<2x3xf32> {npg.requires_grad}, %y: tensor<2x3xf32> {npg.requires_grad}) -> tensor<2x3xf32> {
  %0 = npg.mul %x, %y : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

func.func @one_side(%x: tensor<3xf64>, %y: tensor<3xf64> {npg.requires_grad}) -> tensor<3xf64> {
  %0 = npg.mul %x, %y : tensor<3xf64>
  return %0 : tensor<3xf64>
}

func.func @plain(%x: tensor<3xf64>) -> tensor<3xf64> {
  %0 = npg.mul %x, %x : tensor<3xf64>
  return %0 : tensor<3xf64>
}
