func.func @i8(%a: tensor<4xi8>) {
  %0 = npg.add %a, %a : tensor<4xi8>
  return
}
