// RUN: npg-trace-examples broadcast-add | FileCheck %s
// RUN: rm -rf %t && NPG_DUMP_IR=%t npg-trace-examples broadcast-add > /dev/null
// RUN: npg-opt %t/000-traced.mlir -mlir-print-debuginfo | FileCheck %s --check-prefix=REPLAY

// The broadcast that eager `x + b` does implicitly is an explicit
// npg.broadcast_to in the IR.
// CHECK-LABEL: func.func @traced(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    %[[B:.*]] = npg.broadcast_to %arg1, dims = [1] : tensor<3xf32> to tensor<2x3xf32>
// CHECK-NEXT:    %[[SUM:.*]] = npg.add %arg0, %[[B]] : tensor<2x3xf32>
// CHECK-NEXT:    return %[[SUM]] : tensor<2x3xf32>

// A dump written under NPG_DUMP_IR reads back into npg-opt with every op at
// the user's source line.
// REPLAY: #[[LOC:loc[0-9]*]] = loc("{{.*}}TraceExamples.cpp":{{[0-9]+}}:{{[0-9]+}})
// REPLAY: npg.add {{.*}} loc(#[[LOC]])
