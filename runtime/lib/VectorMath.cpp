// Picks, once, the widest instruction set whose SLEEF kernels the CPU can
// run; without x86 kernels (another architecture) the scalar <cmath>
// functions serve.
#include "npg/runtime/VectorMath.h"

#include "VectorMathKernels.h"

#include <algorithm>
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
namespace {

/// SLEEF's tan rounds the smallest subnormals to 0 (within its one ULP, but
/// x/tan(x) and tan's derivatives then differ from libm's, which compiled code
/// calls). Below 2^-27 (2^-13 for float) tan(x) rounds to x: x^3/3 is under
/// half an ULP. Runs in chunks so that `in` may be `out`.
template <class T, class Kernel>
void tan(const T *in, T *out, std::int64_t n, Kernel kernel) {
  constexpr T tiny = sizeof(T) == 4 ? T(0x1p-13) : T(0x1p-27);
  constexpr std::int64_t kChunk = 256;
  T x[kChunk];
  for (std::int64_t i = 0; i < n; i += kChunk) {
    const std::int64_t m = std::min(kChunk, n - i);
    std::copy(in + i, in + i + m, x);
    kernel(x, out + i, m);
    for (std::int64_t j = 0; j < m; ++j)
      if (std::fabs(x[j]) < tiny)
        out[i + j] = x[j];
  }
}

template <class T, class Kernel>
void apply_kernel(Fn fn, const T *in, T *out, std::int64_t n, Kernel kernel) {
  if (fn == Fn::Tan)
    tan(in, out, n, kernel);
  else
    kernel(in, out, n);
}

} // namespace

void apply(Fn fn, const float *in, float *out, std::int64_t n) {
  apply_kernel(fn, in, out, n, kernels().f32[static_cast<int>(fn)]);
}
void apply(Fn fn, const double *in, double *out, std::int64_t n) {
  apply_kernel(fn, in, out, n, kernels().f64[static_cast<int>(fn)]);
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
