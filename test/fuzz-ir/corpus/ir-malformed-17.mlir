func.func @f(%a: tensor<2xf32>) {
  %0 = npg.concat axis = 0 : -> tensor<2xf32>
  return
}
