func.func @unary_result_differs(%a: tensor<3xf32>) {
  %0 = "npg.neg"(%a) : (tensor<3xf32>) -> tensor<3xf64>
  return
}
