// The -verify-diagnostics convention for invalid-IR tests: each
// expected-error names a diagnostic that must appear on that line, and any
// unexpected diagnostic fails the test.
// RUN: npg-opt %s -split-input-file -verify-diagnostics

func.func @mismatched_operand_types(%a: i32, %b: i64) -> i32 {
  // expected-error@+1 {{'arith.addi' op requires the same type for all operands and results}}
  %0 = "arith.addi"(%a, %b) : (i32, i64) -> i32
  return %0 : i32
}

// -----

func.func @custom_syntax_type_clash(%a: i32, %b: i64) -> i32 {
  // expected-note@-1 {{prior use here}}
  // expected-error@+1 {{use of value '%b' expects different type than prior uses: 'i32' vs 'i64'}}
  %0 = arith.addi %a, %b : i32
  return %0 : i32
}

// -----

func.func @wrong_return_type(%a: i32) -> i64 {
  // expected-error@+1 {{type of return operand 0 ('i32') doesn't match function result type ('i64')}}
  return %a : i32
}
