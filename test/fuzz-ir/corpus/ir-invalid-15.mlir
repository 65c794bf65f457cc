func.func @log_int(%a: tensor<3xi64>) {
  %0 = npg.log %a : tensor<3xi64>
  return
}
