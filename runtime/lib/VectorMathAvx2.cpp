// VectorMath's kernels for avx2, built with that instruction set enabled
// (see runtime/CMakeLists.txt); called only when the CPU has it.
#include "VectorMathKernels.h"

#include <immintrin.h>
#include <sleef.h>

namespace npg::vmath::detail {
namespace {

template <auto F> void f32(const float *in, float *out, std::int64_t n) {
  run<8>(
      in, out, n, [](const float *p) { return _mm256_loadu_ps(p); },
      [](float *p, __m256 v) { _mm256_storeu_ps(p, v); }, F);
}

template <auto F> void f64(const double *in, double *out, std::int64_t n) {
  run<4>(
      in, out, n, [](const double *p) { return _mm256_loadu_pd(p); },
      [](double *p, __m256d v) { _mm256_storeu_pd(p, v); }, F);
}

} // namespace

// In vmath::Fn's order: exp, log, tanh, sin, cos, tan.
const Kernels avx2 = {
    "avx2",
    {f32<Sleef_expf8_u10avx2>, f32<Sleef_logf8_u10avx2>,
     f32<Sleef_tanhf8_u10avx2>, f32<Sleef_sinf8_u10avx2>,
     f32<Sleef_cosf8_u10avx2>, f32<Sleef_tanf8_u10avx2>},
    {f64<Sleef_expd4_u10avx2>, f64<Sleef_logd4_u10avx2>,
     f64<Sleef_tanhd4_u10avx2>, f64<Sleef_sind4_u10avx2>,
     f64<Sleef_cosd4_u10avx2>, f64<Sleef_tand4_u10avx2>},
};

} // namespace npg::vmath::detail
