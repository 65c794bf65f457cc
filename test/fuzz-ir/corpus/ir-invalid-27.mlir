func.func @compare_result_shape(%a: tensor<3xf32>) {
  %0 = "npg.compare"(%a, %a) <{predicate = 4 : i64}> : (tensor<3xf32>, tensor<3xf32>) -> tensor<4xi1>
  return
}
