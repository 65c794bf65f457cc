func.func @compare_bad_predicate(%a: tensor<3xf32>) {
  %0 = npg.compare sgt, %a, %a : tensor<3xf32>
  return
}
