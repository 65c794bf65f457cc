func.func @insert_slice_result(%s: tensor<2x3xf32>, %x: tensor<4x3xf32>) {
  %0 = "npg.insert_slice"(%s, %x) <{starts = array<i64: 0, 0>, limits = array<i64: 2, 3>, steps = array<i64: 1, 1>}> : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}
