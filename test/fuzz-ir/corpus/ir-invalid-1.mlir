func.func @unranked(%a: tensor<*xf32>, %b: tensor<*xf32>) {
  %0 = "npg.add"(%a, %b) : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  return
}
