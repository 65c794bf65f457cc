func.func @concat_no_operands() {
  %0 = "npg.concat"() <{axis = 0 : i64}> : () -> tensor<2xf32>
  return
}
