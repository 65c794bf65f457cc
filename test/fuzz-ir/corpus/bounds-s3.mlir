func.func @f(%a: tensor<5xf32> {npg.requires_grad}, %s: tensor<1xf32>) -> tensor<5xf32> {
  %0 = "npg.insert_slice"(%s, %a) <{starts = array<i64: 4>, limits = array<i64: -1>, steps = array<i64: -9223372036854775808>}> : (tensor<1xf32>, tensor<5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}
