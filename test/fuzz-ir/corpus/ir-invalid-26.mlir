func.func @compare_result_not_bool(%a: tensor<3xf32>) {
  %0 = "npg.compare"(%a, %a) <{predicate = 0 : i64}> : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}
