func.func @insert_slice_entries(%s: tensor<2x3xf32>, %x: tensor<4x3xf32>) {
  %0 = npg.insert_slice %s into %x, starts = [0], limits = [2, 3], steps = [1, 1] : tensor<2x3xf32> into tensor<4x3xf32>
  return
}
