func.func @compare_bad_predicate_value(%a: tensor<3xf32>) {
  %0 = "npg.compare"(%a, %a) <{predicate = 9 : i64}> : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return
}
