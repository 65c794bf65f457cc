#pragma once
// The ABI between npg's compiled code and the process that calls it, in one
// place:
//
// - Calling convention (npg-emit-c-interface): every public function f of
//   a compiled module is `void _mlir_ciface_f(D *in0, ..., D *out0, ...)`,
//   one pointer to a memref descriptor per input and then one per result.
//   The caller allocates the results; every buffer is contiguous with an
//   identity layout; nothing is returned.
// - Descriptors: MLIR's StridedMemRefType<T, N>, laid out as 64-bit words:
//   allocated and aligned pointers, offset, sizes[N], strides[N].
// - Runtime functions compiled code calls (npg-matmul-to-blas emits the
//   gemm calls, memref.alloc lowers to malloc/free), by the names in
//   runtime_symbols(): the JIT binds exactly those.
#include "npg/runtime/Shape.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace npg::jit {

/// The descriptor of a rank-2 memref (StridedMemRefType<T, 2>).
template <class T> struct Matrix {
  T *allocated;
  T *aligned;
  std::int64_t offset;
  std::int64_t sizes[2];
  std::int64_t strides[2];
};

/// The descriptor of a contiguous buffer of any rank, as words.
std::vector<std::int64_t> contiguous_descriptor(void *data, const Shape &shape);

/// A runtime function compiled code calls: its symbol name and address.
struct RuntimeSymbol {
  const char *name;
  void *address;
};

/// Every runtime function compiled code may call.
const std::vector<RuntimeSymbol> &runtime_symbols();

} // namespace npg::jit

extern "C" {
/// c += a * b (linalg.matmul's semantics) through BLAS, for any strides.
void _mlir_ciface_npg_gemm_f32(npg::jit::Matrix<float> *a,
                               npg::jit::Matrix<float> *b,
                               npg::jit::Matrix<float> *c);
void _mlir_ciface_npg_gemm_f64(npg::jit::Matrix<double> *a,
                               npg::jit::Matrix<double> *b,
                               npg::jit::Matrix<double> *c);

/// malloc and free for compiled code (bound to the names malloc and free):
/// large buffers come from the cache arrays use, so a compiled call does not
/// page-fault its temporaries in afresh every time.
void *npg_jit_malloc(std::size_t nbytes);
void npg_jit_free(void *data);
}
