func.func @tanh_int(%a: tensor<i32>) {
  %0 = npg.tanh %a : tensor<i32>
  return
}
