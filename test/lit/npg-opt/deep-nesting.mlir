// Input nested too deeply for MLIR's recursive parser gets a diagnostic and
// exit code 1, never a signal, however deep it goes: regions, types and
// attribute arrays alike. Nesting within the limit parses and prints.
// RUN: %python %S/Inputs/nest.py 100000 > %t.regions.mlir
// RUN: not npg-opt --allow-unregistered-dialect %t.regions.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REGIONS
// REGIONS: regions.mlir:501:10: error: the input nests brackets more than 1000 levels deep here
// REGIONS-NOT: Stack dump

// The same from stdin, and in other brackets:
// RUN: not npg-opt --allow-unregistered-dialect < %t.regions.mlir 2>&1 \
// RUN:   | FileCheck %s --check-prefix=STDIN
// STDIN: <stdin>:501:10: error: the input nests brackets more than 1000 levels deep
// RUN: %python %S/Inputs/nest.py 100000 tuple \
// RUN:   | not npg-opt --allow-unregistered-dialect 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TYPES
// TYPES: <stdin>:1:{{[0-9]+}}: error: the input nests brackets more than 1000 levels deep
// RUN: %python -c "print('\"test.op\"() {a = ' + '[' * 50000 + ']' * 50000 + '} : () -> ()')" \
// RUN:   | not npg-opt --allow-unregistered-dialect 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ARRAYS
// ARRAYS: error: the input nests brackets more than 1000 levels deep

// Brackets in strings and comments do not count.
// RUN: %python -c "print('// ' + '{' * 5000 + '\n\"test.op\"() {s = \"' + '(' * 5000 + '\"} : () -> ()')" \
// RUN:   | npg-opt --allow-unregistered-dialect | FileCheck %s --check-prefix=QUOTED
// QUOTED: "test.op"() {s = "(((

// 450 nested regions (900 levels of brackets): within the limit.
// RUN: %python %S/Inputs/nest.py 450 \
// RUN:   | npg-opt --allow-unregistered-dialect --mlir-print-op-generic \
// RUN:   | FileCheck %s --check-prefix=DEEP
// DEEP-COUNT-450: "test.op"() ({
