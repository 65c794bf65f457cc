func.func @f(%a: tensor<2xf32>) {
  %0 = npg.concat %a, %a : tensor<2xf32>, tensor<2xf32> -> tensor<4xf32>
  return
}
