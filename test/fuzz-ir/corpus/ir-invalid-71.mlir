func.func @insert_slice_source(%s: tensor<3x3xf32>, %x: tensor<4x3xf32>) {
  %0 = npg.insert_slice %s into %x, starts = [0, 0], limits = [4, 3], steps = [2, 1] : tensor<3x3xf32> into tensor<4x3xf32>
  return
}
