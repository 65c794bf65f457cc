func.func @compare_operands_differ(%a: tensor<3xf32>, %b: tensor<3xf64>) {
  %0 = "npg.compare"(%a, %b) <{predicate = 0 : i64}> : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xi1>
  return
}
