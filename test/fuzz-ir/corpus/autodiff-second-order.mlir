func.func @cube(%x: tensor<f64> {npg.requires_grad}) -> tensor<f64> {
  %0 = npg.mul %x, %x : tensor<f64>
  %1 = npg.mul %0, %x : tensor<f64>
  return %1 : tensor<f64>
}
