func.func @insert_slice_element_type(%s: tensor<4x3xf64>, %x: tensor<4x3xf32>) {
  %0 = npg.insert_slice %s into %x, starts = [0, 0], limits = [4, 3], steps = [1, 1] : tensor<4x3xf64> into tensor<4x3xf32>
  return
}
