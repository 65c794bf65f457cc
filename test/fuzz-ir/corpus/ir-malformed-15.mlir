func.func @f(%a: tensor<2xf32>) {
  %0 = "npg.slice"(%a) <{starts = array<i64: 0>, limits = array<i64: 2>}> : (tensor<2xf32>) -> tensor<2xf32>
  return
}
