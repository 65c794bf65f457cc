func.func @f(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %s = npg.stop_gradient %x : tensor<3xf32>
  %y = npg.mul %x, %s : tensor<3xf32>
  return %y : tensor<3xf32>
}
