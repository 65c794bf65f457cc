func.func @slice_start_after_limit(%a: tensor<4x3xf32>) {
  %0 = npg.slice %a, starts = [3, 0], limits = [1, 3], steps = [1, 1] : tensor<4x3xf32> -> tensor<0x3xf32>
  return
}
