func.func @undeclared(%a: i32) -> i32 {
  %0 = arith.addi %a, %undefined : i32
  return %0 : i32
}
