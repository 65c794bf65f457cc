func.func @f() {
  %0 = npg.constant 1.0 : f32
  return
}
