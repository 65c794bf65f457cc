func.func @chain(%x: tensor<64x32xf64>, %w: tensor<32xf64>, %c: tensor<64x1xf64>) -> tensor<f64> {
  %wb = npg.broadcast_to %w, dims = [1] : tensor<32xf64> to tensor<64x32xf64>
  %cb = npg.broadcast_to %c, dims = [0, 1] : tensor<64x1xf64> to tensor<64x32xf64>
  %0 = npg.mul %x, %wb : tensor<64x32xf64>
  %1 = npg.add %0, %cb : tensor<64x32xf64>
  %2 = npg.tanh %1 : tensor<64x32xf64>
  %3 = npg.neg %2 : tensor<64x32xf64>
  %4 = npg.exp %3 : tensor<64x32xf64>
  %5 = npg.sigmoid %2 : tensor<64x32xf64>
  %6 = npg.add %4, %5 : tensor<64x32xf64>
  %7 = npg.mul %6, %6 : tensor<64x32xf64>
  %s = npg.reduce_sum %7, axes = [0, 1], keepdims = false : tensor<64x32xf64> -> tensor<f64>
  return %s : tensor<f64>
}

func.func @chain_f32(%x: tensor<64x32xf32>, %w: tensor<32xf32>) -> tensor<f32> {
  %wb = npg.broadcast_to %w, dims = [1] : tensor<32xf32> to tensor<64x32xf32>
  %0 = npg.mul %x, %wb : tensor<64x32xf32>
  %1 = npg.tanh %0 : tensor<64x32xf32>
  %2 = npg.exp %1 : tensor<64x32xf32>
  %3 = npg.sub %2, %0 : tensor<64x32xf32>
  %4 = npg.abs %3 : tensor<64x32xf32>
  %5 = npg.sqrt %4 : tensor<64x32xf32>
  %6 = npg.mul %5, %1 : tensor<64x32xf32>
  %7 = npg.relu %6 : tensor<64x32xf32>
  %s = npg.reduce_sum %7, axes = [0, 1], keepdims = false : tensor<64x32xf32> -> tensor<f32>
  return %s : tensor<f32>
}
