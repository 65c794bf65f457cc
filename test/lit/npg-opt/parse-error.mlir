// Malformed IR: npg-opt must fail and point at the offending token.
// RUN: not npg-opt %s 2>&1 | FileCheck %s

func.func @undeclared(%a: i32) -> i32 {
  // CHECK: parse-error.mlir:[[# @LINE + 1]]:23: error: use of undeclared SSA value name
  %0 = arith.addi %a, %undefined : i32
  return %0 : i32
}
