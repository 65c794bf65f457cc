func.func @unsigned(%a: tensor<4xui32>) {
  %0 = npg.relu %a : tensor<4xui32>
  return
}
