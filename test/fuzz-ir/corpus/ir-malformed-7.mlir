func.func @f(%a: tensor<2xf32>) {
  %0 = npg.frobnicate %a : tensor<2xf32>
  return
}
