func.func @select(%c: tensor<3xi1>, %a: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %true = npg.constant dense<true> : tensor<3xi1>
  %false = npg.constant dense<false> : tensor<3xi1>
  %0 = npg.select %true, %a, %b : tensor<3xi1>, tensor<3xf32>
  %1 = npg.select %false, %a, %b : tensor<3xi1>, tensor<3xf32>
  %2 = npg.select %c, %a, %a : tensor<3xi1>, tensor<3xf32>
  %3 = npg.select %c, %a, %b : tensor<3xi1>, tensor<3xf32>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}
