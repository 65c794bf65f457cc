// VectorMath's kernels for sse2, built with that instruction set enabled
// (see runtime/CMakeLists.txt); called only when the CPU has it.
#include "VectorMathKernels.h"

#include <immintrin.h>
#include <sleef.h>

namespace npg::vmath::detail {
namespace {

template <auto F> void f32(const float *in, float *out, std::int64_t n) {
  run<4>(
      in, out, n, [](const float *p) { return _mm_loadu_ps(p); },
      [](float *p, __m128 v) { _mm_storeu_ps(p, v); }, F);
}

template <auto F> void f64(const double *in, double *out, std::int64_t n) {
  run<2>(
      in, out, n, [](const double *p) { return _mm_loadu_pd(p); },
      [](double *p, __m128d v) { _mm_storeu_pd(p, v); }, F);
}

} // namespace

// In vmath::Fn's order: exp, log, tanh, sin, cos, tan.
const Kernels sse2 = {
    "sse2",
    {f32<Sleef_expf4_u10sse2>, f32<Sleef_logf4_u10sse2>,
     f32<Sleef_tanhf4_u10sse2>, f32<Sleef_sinf4_u10sse2>,
     f32<Sleef_cosf4_u10sse2>, f32<Sleef_tanf4_u10sse2>},
    {f64<Sleef_expd2_u10sse2>, f64<Sleef_logd2_u10sse2>,
     f64<Sleef_tanhd2_u10sse2>, f64<Sleef_sind2_u10sse2>,
     f64<Sleef_cosd2_u10sse2>, f64<Sleef_tand2_u10sse2>},
};

} // namespace npg::vmath::detail
