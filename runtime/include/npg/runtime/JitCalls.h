#pragma once
// The runtime functions compiled code calls (npg-matmul-to-blas emits the
// calls), with MLIR's C interface: each memref argument is a pointer to its
// descriptor. Engine::compile makes them visible to the JIT by name.
#include <cstddef>
#include <cstdint>

namespace npg::jit {

/// MLIR's descriptor of a rank-2 memref (StridedMemRefType<T, 2>).
template <class T> struct Matrix {
  T *allocated;
  T *aligned;
  std::int64_t offset;
  std::int64_t sizes[2];
  std::int64_t strides[2];
};

} // namespace npg::jit

extern "C" {
/// c += a * b (linalg.matmul's semantics) through BLAS, for any strides.
void _mlir_ciface_npg_gemm_f32(npg::jit::Matrix<float> *a,
                               npg::jit::Matrix<float> *b,
                               npg::jit::Matrix<float> *c);
void _mlir_ciface_npg_gemm_f64(npg::jit::Matrix<double> *a,
                               npg::jit::Matrix<double> *b,
                               npg::jit::Matrix<double> *c);

/// malloc and free for compiled code (memref.alloc lowers to them): large
/// buffers come from the cache arrays use, so a compiled call does not
/// page-fault its temporaries in afresh every time.
void *npg_jit_malloc(std::size_t nbytes);
void npg_jit_free(void *data);
}
