func.func @bias_tanh(%x: tensor<256x1024xf32>, %b: tensor<1024xf32>) -> tensor<256x1024xf32> {
  %0 = npg.broadcast_to %b, dims = [1] : tensor<1024xf32> to tensor<256x1024xf32>
  %1 = npg.add %x, %0 : tensor<256x1024xf32>
  %2 = npg.tanh %1 : tensor<256x1024xf32>
  return %2 : tensor<256x1024xf32>
}

func.func @f_fwd(%x: tensor<4xf64>) -> (tensor<f64>, tensor<4xi1>) {
  %z = npg.constant dense<0.0> : tensor<4xf64>
  %m = npg.compare gt, %x, %z : tensor<4xf64>
  %r = npg.relu %x : tensor<4xf64>
  %s = npg.reduce_sum %r, axes = [0], keepdims = false : tensor<4xf64> -> tensor<f64>
  return %s, %m : tensor<f64>, tensor<4xi1>
}

func.func @f_bwd(%m: tensor<4xi1>, %g: tensor<f64>) -> (tensor<4xf64>, tensor<4xi1>) {
  %z = npg.constant dense<0.0> : tensor<4xf64>
  %gb = npg.broadcast_to %g, dims = [] : tensor<f64> to tensor<4xf64>
  %dx = npg.select %m, %gb, %z : tensor<4xi1>, tensor<4xf64>
  return %dx, %m : tensor<4xf64>, tensor<4xi1>
}
