func.func @f(%x: tensor<3xf64> {npg.requires_grad}) -> tensor<3xf64> {
  %e = npg.exp %x : tensor<3xf64>
  %sq = npg.mul %e, %e : tensor<3xf64>
  %y = npg.add %sq, %e : tensor<3xf64>
  return %y : tensor<3xf64>
}

func.func @twice(%x: tensor<3xf32> {npg.requires_grad}) -> (tensor<3xf32>, tensor<3xf32>) {
  return %x, %x : tensor<3xf32>, tensor<3xf32>
}
