func.func @vector(%a: vector<4xf32>) {
  %0 = "npg.exp"(%a) : (vector<4xf32>) -> vector<4xf32>
  return
}
