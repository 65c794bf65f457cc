func.func @f(%a: tensor<2xf32>) {
  %0 = npg.compare gt, %a, %a : tensor<*xf32>
  return
}
