func.func @reduce_element_type(%a: tensor<2x3xi1>) {
  %0 = npg.reduce_sum %a, axes = [0], keepdims = false : tensor<2x3xi1> -> tensor<3xi64>
  return
}
