func.func @f(%a: tensor<2xf32>, %c: tensor<2xi1>) {
  %0 = npg.select %c, %a : tensor<2xi1>, tensor<2xf32>
  return
}
