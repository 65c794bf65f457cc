#include "npg/runtime/CompiledAbi.h"

#include "npg/runtime/Storage.h"

#include <cblas.h>

#include <algorithm>
#include <vector>

namespace npg::jit {
namespace {

/// A matrix as BLAS takes it: row-major with leading dimension `ld`, read
/// transposed or not. Strides that are neither (or a leading dimension BLAS
/// refuses) leave `ok` false.
struct BlasView {
  bool ok = false;
  bool transposed = false;
  std::int64_t ld = 0;
};

template <class T> BlasView blas_view(const Matrix<T> &m) {
  const std::int64_t rows = m.sizes[0], cols = m.sizes[1];
  const std::int64_t s0 = m.strides[0], s1 = m.strides[1];
  // A size-1 dimension's stride is never used: any value fits.
  if ((cols == 1 || s1 == 1) && (rows == 1 || s0 >= cols))
    return {true, false, rows == 1 ? std::max<std::int64_t>(cols, 1) : s0};
  if ((rows == 1 || s0 == 1) && (cols == 1 || s1 >= rows))
    return {true, true, cols == 1 ? std::max<std::int64_t>(rows, 1) : s1};
  return {};
}

/// m's elements copied into a contiguous row-major buffer.
template <class T> std::vector<T> packed(const Matrix<T> &m) {
  std::vector<T> out(static_cast<std::size_t>(m.sizes[0] * m.sizes[1]));
  const T *base = m.aligned + m.offset;
  for (std::int64_t i = 0; i < m.sizes[0]; ++i)
    for (std::int64_t j = 0; j < m.sizes[1]; ++j)
      out[i * m.sizes[1] + j] = base[i * m.strides[0] + j * m.strides[1]];
  return out;
}

void call_gemm(bool ta, bool tb, std::int64_t m, std::int64_t n, std::int64_t k,
               const float *a, std::int64_t lda, const float *b,
               std::int64_t ldb, float *c, std::int64_t ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
              tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a, lda, b, ldb,
              1.0f, c, ldc);
}

void call_gemm(bool ta, bool tb, std::int64_t m, std::int64_t n, std::int64_t k,
               const double *a, std::int64_t lda, const double *b,
               std::int64_t ldb, double *c, std::int64_t ldc) {
  cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans,
              tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0, a, lda, b, ldb, 1.0,
              c, ldc);
}

template <class T> void gemm(Matrix<T> *a, Matrix<T> *b, Matrix<T> *c) {
  const std::int64_t m = c->sizes[0], n = c->sizes[1], k = a->sizes[1];
  if (m == 0 || n == 0 || k == 0)
    return;
  // Operands BLAS can't read in place (and a result it can't write in
  // place) go through contiguous copies.
  std::vector<T> a_copy, b_copy, c_copy;
  BlasView av = blas_view(*a), bv = blas_view(*b), cv = blas_view(*c);
  const T *ap = a->aligned + a->offset, *bp = b->aligned + b->offset;
  T *cp = c->aligned + c->offset;
  if (!av.ok) {
    a_copy = packed(*a);
    ap = a_copy.data();
    av = {true, false, k};
  }
  if (!bv.ok) {
    b_copy = packed(*b);
    bp = b_copy.data();
    bv = {true, false, n};
  }
  const bool c_in_place = cv.ok && !cv.transposed;
  if (!c_in_place) {
    c_copy = packed(*c);
    cp = c_copy.data();
    cv = {true, false, n};
  }
  call_gemm(av.transposed, bv.transposed, m, n, k, ap, av.ld, bp, bv.ld, cp,
            cv.ld);
  if (!c_in_place) {
    T *base = c->aligned + c->offset;
    for (std::int64_t i = 0; i < m; ++i)
      for (std::int64_t j = 0; j < n; ++j)
        base[i * c->strides[0] + j * c->strides[1]] = c_copy[i * n + j];
  }
}

} // namespace
} // namespace npg::jit

extern "C" void _mlir_ciface_npg_gemm_f32(npg::jit::Matrix<float> *a,
                                          npg::jit::Matrix<float> *b,
                                          npg::jit::Matrix<float> *c) {
  npg::jit::gemm(a, b, c);
}

extern "C" void _mlir_ciface_npg_gemm_f64(npg::jit::Matrix<double> *a,
                                          npg::jit::Matrix<double> *b,
                                          npg::jit::Matrix<double> *c) {
  npg::jit::gemm(a, b, c);
}

namespace {
/// Room before each npg_jit_malloc block for its size (free gets none),
/// keeping the block 64-byte aligned.
constexpr std::size_t kHeader = npg::Storage::alignment;
} // namespace

extern "C" void *npg_jit_malloc(std::size_t nbytes) {
  if (nbytes > SIZE_MAX - kHeader)
    return nullptr;
  auto *block =
      static_cast<char *>(npg::Storage::allocate_block(nbytes + kHeader));
  if (!block)
    return nullptr;
  *reinterpret_cast<std::size_t *>(block) = nbytes + kHeader;
  return block + kHeader;
}

extern "C" void npg_jit_free(void *data) {
  if (!data)
    return;
  char *block = static_cast<char *>(data) - kHeader;
  npg::Storage::release_block(block, *reinterpret_cast<std::size_t *>(block));
}

namespace npg::jit {

std::vector<std::int64_t> contiguous_descriptor(void *data,
                                                const Shape &shape) {
  const auto address = reinterpret_cast<std::int64_t>(data);
  std::vector<std::int64_t> d{address, address, 0};
  d.insert(d.end(), shape.begin(), shape.end());
  const Strides strides = contiguous_strides(shape);
  d.insert(d.end(), strides.begin(), strides.end());
  return d;
}

const std::vector<RuntimeSymbol> &runtime_symbols() {
  static const std::vector<RuntimeSymbol> symbols{
      {"_mlir_ciface_npg_gemm_f32",
       reinterpret_cast<void *>(&_mlir_ciface_npg_gemm_f32)},
      {"_mlir_ciface_npg_gemm_f64",
       reinterpret_cast<void *>(&_mlir_ciface_npg_gemm_f64)},
      {"malloc", reinterpret_cast<void *>(&npg_jit_malloc)},
      {"free", reinterpret_cast<void *>(&npg_jit_free)},
  };
  return symbols;
}

} // namespace npg::jit
