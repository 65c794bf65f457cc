func.func @slice_result(%a: tensor<4x3xf32>) {
  %0 = npg.slice %a, starts = [0, 0], limits = [4, 3], steps = [2, 1] : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}
