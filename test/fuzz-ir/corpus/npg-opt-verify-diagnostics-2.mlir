func.func @wrong_return_type(%a: i32) -> i64 {
  return %a : i32
}
