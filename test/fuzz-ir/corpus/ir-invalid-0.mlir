func.func @dynamic_shape(%a: tensor<?x3xf32>) {
  %0 = npg.neg %a : tensor<?x3xf32>
  return
}
