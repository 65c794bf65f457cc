func.func @f(%a: tensor<2xf32>) {
  %0 = "npg.transpose"() <{permutation = array<i64: 0>}> : () -> tensor<2xf32>
  return
}
