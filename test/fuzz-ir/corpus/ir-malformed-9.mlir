func.func @f() {
  %0 = npg.constant dense<[1.0, 2.0]> : tensor<3xf32>
  return
}
