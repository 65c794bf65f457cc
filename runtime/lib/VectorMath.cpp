// Picks, once, the widest instruction set whose SLEEF kernels the CPU can
// run; without x86 kernels (another architecture) the scalar <cmath>
// functions serve.
#include "npg/runtime/VectorMath.h"

#include "VectorMathKernels.h"

#include <cmath>

namespace npg::vmath {
namespace {

#ifdef NPG_VECTOR_MATH_X86
const detail::Kernels &kernels() {
  static const detail::Kernels &chosen = [&]() -> const detail::Kernels & {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
      return detail::avx512f;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
      return detail::avx2;
    return detail::sse2;
  }();
  return chosen;
}
#else
template <class T> void scalar(Fn fn, const T *in, T *out, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    const T v = in[i];
    switch (fn) {
    case Fn::Exp:
      out[i] = std::exp(v);
      break;
    case Fn::Log:
      out[i] = std::log(v);
      break;
    case Fn::Tanh:
      out[i] = std::tanh(v);
      break;
    case Fn::Sin:
      out[i] = std::sin(v);
      break;
    case Fn::Cos:
      out[i] = std::cos(v);
      break;
    case Fn::Tan:
      out[i] = std::tan(v);
      break;
    }
  }
}
#endif

} // namespace

#ifdef NPG_VECTOR_MATH_X86
void apply(Fn fn, const float *in, float *out, std::int64_t n) {
  kernels().f32[static_cast<int>(fn)](in, out, n);
}
void apply(Fn fn, const double *in, double *out, std::int64_t n) {
  kernels().f64[static_cast<int>(fn)](in, out, n);
}
const char *isa() { return kernels().isa; }
#else
void apply(Fn fn, const float *in, float *out, std::int64_t n) {
  scalar(fn, in, out, n);
}
void apply(Fn fn, const double *in, double *out, std::int64_t n) {
  scalar(fn, in, out, n);
}
const char *isa() { return "scalar"; }
#endif

} // namespace npg::vmath
