func.func @slice_negative_step_limit(%a: tensor<4x3xf32>) {
  %0 = npg.slice %a, starts = [0, 2], limits = [4, -2], steps = [1, -1] : tensor<4x3xf32> -> tensor<4x4xf32>
  return
}
