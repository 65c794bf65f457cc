func.func @f(%a: tensor<9223372036854775807xf32>) {
  %0 = npg.concat %a, %a, axis = 0 : tensor<9223372036854775807xf32>, tensor<9223372036854775807xf32> -> tensor<2xf32>
  return
}
