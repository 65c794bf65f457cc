func.func @sqrt_bool(%a: tensor<3xi1>) {
  %0 = npg.sqrt %a : tensor<3xi1>
  return
}
