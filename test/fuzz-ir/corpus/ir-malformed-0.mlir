func.func @f(%a: f32) {
  %0 = npg.add %a, %a : f32
  return
}
