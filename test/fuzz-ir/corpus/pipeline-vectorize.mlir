func.func @bias_tanh(%x: tensor<64x1024xf32>, %b: tensor<1024xf32>) -> tensor<64x1024xf32> {
  %0 = npg.broadcast_to %b, dims = [1] : tensor<1024xf32> to tensor<64x1024xf32>
  %1 = npg.add %x, %0 : tensor<64x1024xf32>
  %2 = npg.tanh %1 : tensor<64x1024xf32>
  return %2 : tensor<64x1024xf32>
}

func.func @matmul(%a: tensor<64x128xf32>, %b: tensor<128x256xf32>) -> tensor<64x256xf32> {
  %0 = npg.matmul %a, %b : tensor<64x128xf32>, tensor<128x256xf32> -> tensor<64x256xf32>
  return %0 : tensor<64x256xf32>
}

func.func @loss(%x: tensor<64x256xf64>, %y: tensor<64x256xf64>) -> tensor<f64> {
  %0 = npg.sub %x, %y : tensor<64x256xf64>
  %1 = npg.mul %0, %0 : tensor<64x256xf64>
  %2 = npg.reduce_sum %1, axes = [0, 1], keepdims = false : tensor<64x256xf64> -> tensor<f64>
  return %2 : tensor<f64>
}

func.func @row_max(%x: tensor<64x256xf32>) -> tensor<64xf32> {
  %0 = npg.reduce_max %x, axes = [1], keepdims = false : tensor<64x256xf32> -> tensor<64xf32>
  return %0 : tensor<64xf32>
}

func.func @col_sum(%x: tensor<64x256xf64>) -> tensor<256xf64> {
  %0 = npg.exp %x : tensor<64x256xf64>
  %1 = npg.reduce_sum %0, axes = [0], keepdims = false : tensor<64x256xf64> -> tensor<256xf64>
  return %1 : tensor<256xf64>
}
