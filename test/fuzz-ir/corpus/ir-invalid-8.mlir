func.func @constant_no_value() {
  %0 = "npg.constant"() : () -> tensor<3xf32>
  return
}
