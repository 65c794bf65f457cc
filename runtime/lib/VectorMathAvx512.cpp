// VectorMath's kernels for avx512f, built with that instruction set enabled
// (see runtime/CMakeLists.txt); called only when the CPU has it.
#include "VectorMathKernels.h"

#include <immintrin.h>
#include <sleef.h>

namespace npg::vmath::detail {
namespace {

template <auto F> void f32(const float *in, float *out, std::int64_t n) {
  run<16>(
      in, out, n, [](const float *p) { return _mm512_loadu_ps(p); },
      [](float *p, __m512 v) { _mm512_storeu_ps(p, v); }, F);
}

template <auto F> void f64(const double *in, double *out, std::int64_t n) {
  run<8>(
      in, out, n, [](const double *p) { return _mm512_loadu_pd(p); },
      [](double *p, __m512d v) { _mm512_storeu_pd(p, v); }, F);
}

} // namespace

// In vmath::Fn's order: exp, log, tanh, sin, cos, tan.
const Kernels avx512f = {
    "avx512f",
    {f32<Sleef_expf16_u10avx512f>, f32<Sleef_logf16_u10avx512f>,
     f32<Sleef_tanhf16_u10avx512f>, f32<Sleef_sinf16_u10avx512f>,
     f32<Sleef_cosf16_u10avx512f>, f32<Sleef_tanf16_u10avx512f>},
    {f64<Sleef_expd8_u10avx512f>, f64<Sleef_logd8_u10avx512f>,
     f64<Sleef_tanhd8_u10avx512f>, f64<Sleef_sind8_u10avx512f>,
     f64<Sleef_cosd8_u10avx512f>, f64<Sleef_tand8_u10avx512f>},
};

} // namespace npg::vmath::detail
