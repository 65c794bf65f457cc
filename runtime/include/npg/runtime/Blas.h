#pragma once
// Row-major matrix products: BLAS (OpenBLAS) for floats, a plain loop for
// integers.
#include <cstdint>

namespace npg::blas {

/// C(m,n) = op(A)(m,k) * op(B)(k,n), row-major with leading dimensions
/// lda/ldb/ldc; op(X) is X, or X transposed when `trans_x` (then X is stored
/// (k,m) or (n,k)). Defined for float, double, int32_t and int64_t.
template <class T>
void gemm(bool trans_a, bool trans_b, std::int64_t m, std::int64_t n,
          std::int64_t k, const T *a, std::int64_t lda, const T *b,
          std::int64_t ldb, T *c, std::int64_t ldc);

} // namespace npg::blas
