func.func @constant_f16() {
  %0 = npg.constant dense<1.0> : tensor<2xf16>
  return
}
