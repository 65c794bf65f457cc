func.func @insert_slice_range(%s: tensor<2x3xf32>, %x: tensor<4x3xf32>) {
  %0 = npg.insert_slice %s into %x, starts = [0, 3], limits = [2, -1], steps = [1, -1] : tensor<2x3xf32> into tensor<4x3xf32>
  return
}
