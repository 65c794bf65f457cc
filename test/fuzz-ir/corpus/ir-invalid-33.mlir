func.func @select_result_differs(%c: tensor<3xi1>, %a: tensor<3xf32>) {
  %0 = "npg.select"(%c, %a, %a) : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf64>
  return
}
