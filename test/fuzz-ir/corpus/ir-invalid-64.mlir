func.func @slice_limit_out_of_range(%a: tensor<4x3xf32>) {
  %0 = npg.slice %a, starts = [0, 0], limits = [5, 3], steps = [1, 1] : tensor<4x3xf32> -> tensor<5x3xf32>
  return
}
