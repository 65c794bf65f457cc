func.func @slice_negative_step_start(%a: tensor<4x3xf32>) {
  %0 = npg.slice %a, starts = [4, 0], limits = [-1, 3], steps = [-1, 1] : tensor<4x3xf32> -> tensor<5x3xf32>
  return
}
