#pragma once
// What each instruction set's translation unit of VectorMath shares: the
// table of kernels it fills, and the loop that runs a vector function over a
// run of any length.
#include "npg/runtime/VectorMath.h"

#include <algorithm>
#include <cstdint>

namespace npg::vmath::detail {

inline constexpr int kFunctions = 6; // the size of vmath::Fn

struct Kernels {
  const char *isa;
  void (*f32[kFunctions])(const float *, float *, std::int64_t);
  void (*f64[kFunctions])(const double *, double *, std::int64_t);
};

/// out = f(in) over n elements, W lanes at a time; the last partial vector
/// goes through a zero-padded buffer so no lane reads past the run.
template <int W, class T, class Load, class Store, class F>
void run(const T *in, T *out, std::int64_t n, Load load, Store store, F f) {
  std::int64_t i = 0;
  for (; i + W <= n; i += W)
    store(out + i, f(load(in + i)));
  if (i < n) {
    T buf[W] = {};
    std::copy(in + i, in + n, buf);
    store(buf, f(load(buf)));
    std::copy(buf, buf + (n - i), out + i);
  }
}

extern const Kernels sse2;
extern const Kernels avx2;
extern const Kernels avx512f;

} // namespace npg::vmath::detail
