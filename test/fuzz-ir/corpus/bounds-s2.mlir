func.func @f(%a: tensor<5xf32> {npg.requires_grad}) -> tensor<1xf32> {
  %0 = "npg.slice"(%a) <{starts = array<i64: 0>, limits = array<i64: 5>, steps = array<i64: 9223372036854775807>}> : (tensor<5xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}
