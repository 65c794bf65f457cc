#include "npg/runtime/Blas.h"

#include <cblas.h>

namespace npg::blas {

template <>
void gemm<float>(bool ta, bool tb, std::int64_t m, std::int64_t n,
                 std::int64_t k, const float *a, std::int64_t lda,
                 const float *b, std::int64_t ldb, float *c, std::int64_t ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
              tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a, lda, b, ldb,
              0.0f, c, ldc);
}

template <>
void gemm<double>(bool ta, bool tb, std::int64_t m, std::int64_t n,
                  std::int64_t k, const double *a, std::int64_t lda,
                  const double *b, std::int64_t ldb, double *c,
                  std::int64_t ldc) {
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
              tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0, a, lda, b, ldb, 0.0,
              c, ldc);
}

namespace {
template <class T>
void gemm_loop(bool ta, bool tb, std::int64_t m, std::int64_t n, std::int64_t k,
               const T *a, std::int64_t lda, const T *b, std::int64_t ldb, T *c,
               std::int64_t ldc) {
  for (std::int64_t i = 0; i < m; ++i) {
    for (std::int64_t j = 0; j < n; ++j)
      c[i * ldc + j] = 0;
    for (std::int64_t p = 0; p < k; ++p) {
      const T av = ta ? a[p * lda + i] : a[i * lda + p];
      for (std::int64_t j = 0; j < n; ++j)
        c[i * ldc + j] += av * (tb ? b[j * ldb + p] : b[p * ldb + j]);
    }
  }
}
} // namespace

template <>
void gemm<std::int32_t>(bool ta, bool tb, std::int64_t m, std::int64_t n,
                        std::int64_t k, const std::int32_t *a, std::int64_t lda,
                        const std::int32_t *b, std::int64_t ldb,
                        std::int32_t *c, std::int64_t ldc) {
  gemm_loop(ta, tb, m, n, k, a, lda, b, ldb, c, ldc);
}

template <>
void gemm<std::int64_t>(bool ta, bool tb, std::int64_t m, std::int64_t n,
                        std::int64_t k, const std::int64_t *a, std::int64_t lda,
                        const std::int64_t *b, std::int64_t ldb,
                        std::int64_t *c, std::int64_t ldc) {
  gemm_loop(ta, tb, m, n, k, a, lda, b, ldb, c, ldc);
}

} // namespace npg::blas
