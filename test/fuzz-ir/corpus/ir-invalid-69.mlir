func.func @slice_entries(%a: tensor<4x3xf32>) {
  %0 = npg.slice %a, starts = [0, 0], limits = [4], steps = [1, 1] : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}
