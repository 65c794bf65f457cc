// RUN: npg-opt %s -npg-noalias-arguments | FileCheck %s

// An entry point (it has a C interface): every pointer argument, allocated
// and aligned pointers alike, becomes noalias; the integers do not.
// CHECK-LABEL: llvm.func @entry(
// CHECK-SAME:      %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: i64,
// CHECK-SAME:      %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: i64)
llvm.func @entry(%a0: !llvm.ptr, %a1: !llvm.ptr, %a2: i64, %b0: !llvm.ptr, %b1: !llvm.ptr, %b2: i64) attributes {llvm.emit_c_interface} {
  llvm.return
}

// The wrapper's pointers are to descriptors, a helper without a C interface
// is not an entry point, and a declaration has nothing to promise.
// CHECK-LABEL: llvm.func @_mlir_ciface_entry(
// CHECK-NOT:     llvm.noalias
// CHECK-LABEL: llvm.func @helper(
// CHECK-NOT:     llvm.noalias
// CHECK-LABEL: llvm.func @declared(
// CHECK-NOT:     llvm.noalias
llvm.func @_mlir_ciface_entry(%a: !llvm.ptr, %b: !llvm.ptr) attributes {llvm.emit_c_interface} {
  llvm.return
}
llvm.func @helper(%p: !llvm.ptr) {
  llvm.return
}
llvm.func @declared(!llvm.ptr) attributes {llvm.emit_c_interface}

// A loop nest outlined onto buffers of their own (npg-outline-loop-nests
// marked it) gets the entry point's promise.
// CHECK-LABEL: llvm.func @entry_nest0(
// CHECK-SAME:      %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: !llvm.ptr {llvm.noalias}, %{{.*}}: i64)
llvm.func @entry_nest0(%a0: !llvm.ptr, %a1: !llvm.ptr, %a2: i64) attributes {no_inline, npg.noalias_arguments} {
  llvm.return
}
