func.func @add(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = npg.add %a, %b : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

func.func @scalar_ops(%a: tensor<f64>, %b: tensor<f64>) -> (tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>) {
  %0 = npg.sub %a, %b : tensor<f64>
  %1 = npg.mul %a, %b : tensor<f64>
  %2 = npg.div %a, %b : tensor<f64>
  %3 = npg.pow %a, %b : tensor<f64>
  %4 = npg.maximum %a, %b : tensor<f64>
  %5 = npg.minimum %a, %b : tensor<f64>
  return %0, %1, %2, %3, %4, %5 : tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>
}

func.func @integers(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = npg.add %a, %b : tensor<4xi32>
  %1 = npg.sub %a, %b : tensor<4xi32>
  %2 = npg.mul %a, %b : tensor<4xi32>
  %3 = npg.div %a, %b : tensor<4xi32>
  %4 = npg.pow %a, %b : tensor<4xi32>
  %5 = npg.maximum %a, %b : tensor<4xi32>
  %6 = npg.minimum %a, %b : tensor<4xi32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

func.func @bools(%a: tensor<4xi1>, %b: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = npg.add %a, %b : tensor<4xi1>
  %1 = npg.mul %a, %b : tensor<4xi1>
  %2 = npg.pow %a, %b : tensor<4xi1>
  %3 = npg.maximum %a, %b : tensor<4xi1>
  %4 = npg.minimum %a, %b : tensor<4xi1>
  return %0, %1, %2, %3, %4 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

func.func @unary_float(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = npg.neg %x : tensor<3xf32>
  %1 = npg.abs %x : tensor<3xf32>
  %2 = npg.exp %x : tensor<3xf32>
  %3 = npg.log %x : tensor<3xf32>
  %4 = npg.sqrt %x : tensor<3xf32>
  %5 = npg.tanh %x : tensor<3xf32>
  %6 = npg.sin %x : tensor<3xf32>
  %7 = npg.cos %x : tensor<3xf32>
  %8 = npg.tan %x : tensor<3xf32>
  %9 = npg.floor %x : tensor<3xf32>
  %10 = npg.ceil %x : tensor<3xf32>
  %11 = npg.round %x : tensor<3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

func.func @relu(%x: tensor<3xf64>) -> tensor<3xf64> {
  %0 = npg.relu %x : tensor<3xf64>
  return %0 : tensor<3xf64>
}

func.func @sign(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = npg.sign %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @sigmoid(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = npg.sigmoid %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

func.func @unary_int(%x: tensor<3xi64>) -> (tensor<3xi64>, tensor<3xi64>, tensor<3xi64>) {
  %0 = npg.neg %x : tensor<3xi64>
  %1 = npg.abs %x : tensor<3xi64>
  %2 = npg.relu %x : tensor<3xi64>
  return %0, %1, %2 : tensor<3xi64>, tensor<3xi64>, tensor<3xi64>
}

func.func @compare_float(%a: tensor<2xf64>, %b: tensor<2xf64>) -> (tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>) {
  %0 = npg.compare eq, %a, %b : tensor<2xf64>
  %1 = npg.compare ne, %a, %b : tensor<2xf64>
  %2 = npg.compare lt, %a, %b : tensor<2xf64>
  %3 = npg.compare le, %a, %b : tensor<2xf64>
  %4 = npg.compare gt, %a, %b : tensor<2xf64>
  %5 = npg.compare ge, %a, %b : tensor<2xf64>
  return %0, %1, %2, %3, %4, %5 : tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>
}

func.func @compare_int(%a: tensor<2xi32>, %b: tensor<2xi32>, %c: tensor<2xi1>, %d: tensor<2xi1>) -> (tensor<2xi1>, tensor<2xi1>) {
  %0 = npg.compare lt, %a, %b : tensor<2xi32>
  %1 = npg.compare le, %c, %d : tensor<2xi1>
  return %0, %1 : tensor<2xi1>, tensor<2xi1>
}

func.func @select(%c: tensor<2xi1>, %a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %0 = npg.select %c, %a, %b : tensor<2xi1>, tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func @casts(%f: tensor<2xf32>, %d: tensor<2xf64>, %i: tensor<2xi32>, %l: tensor<2xi64>, %b: tensor<2xi1>)
    -> (tensor<2xf64>, tensor<2xf32>, tensor<2xi32>, tensor<2xf32>, tensor<2xf64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi32>, tensor<2xi1>, tensor<2xi1>) {
  %0 = npg.cast %f : tensor<2xf32> to tensor<2xf64>
  %1 = npg.cast %d : tensor<2xf64> to tensor<2xf32>
  %2 = npg.cast %f : tensor<2xf32> to tensor<2xi32>
  %3 = npg.cast %l : tensor<2xi64> to tensor<2xf32>
  %4 = npg.cast %b : tensor<2xi1> to tensor<2xf64>
  %5 = npg.cast %b : tensor<2xi1> to tensor<2xi64>
  %6 = npg.cast %i : tensor<2xi32> to tensor<2xi64>
  %7 = npg.cast %l : tensor<2xi64> to tensor<2xi32>
  %8 = npg.cast %f : tensor<2xf32> to tensor<2xi1>
  %9 = npg.cast %l : tensor<2xi64> to tensor<2xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<2xf64>, tensor<2xf32>, tensor<2xi32>, tensor<2xf32>, tensor<2xf64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi32>, tensor<2xi1>, tensor<2xi1>
}

func.func @constant() -> tensor<2x2xi64> {
  %0 = npg.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}
