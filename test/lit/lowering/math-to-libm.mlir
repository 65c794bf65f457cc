// RUN: npg-opt %s -npg-math-to-libm | FileCheck %s

// expm1 and log1p become libm calls (LLVM's lowering would compute exp(x) - 1
// and log(1 + x)); the math ops LLVM lowers well stay.
// CHECK-DAG: func.func private @expm1(f64) -> f64
// CHECK-DAG: func.func private @log1p(f64) -> f64
// CHECK-LABEL: func.func @precise(
// CHECK-SAME:      %[[X:.*]]: f64)
// CHECK:         %[[E:.*]] = call @expm1(%[[X]]) : (f64) -> f64
// CHECK:         %[[L:.*]] = call @log1p(%[[E]]) : (f64) -> f64
// CHECK:         %[[S:.*]] = math.sqrt %[[L]] : f64
// CHECK:         %[[P:.*]] = math.exp %[[S]] : f64
// CHECK:         return %[[P]]
func.func @precise(%x: f64) -> f64 {
  %e = math.expm1 %x : f64
  %l = math.log1p %e : f64
  %s = math.sqrt %l : f64
  %p = math.exp %s : f64
  return %p : f64
}
