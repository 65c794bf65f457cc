func.func @f_bwd() {
  return
}

func.func @f(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
