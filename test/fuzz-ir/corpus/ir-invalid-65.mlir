func.func @slice_negative_start(%a: tensor<4x3xf32>) {
  %0 = npg.slice %a, starts = [0, -1], limits = [4, 2], steps = [1, 1] : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}
