#pragma once
// Elementwise transcendental functions over contiguous runs, computed with
// SLEEF's vector kernels (1-ULP accurate, as PyTorch's CPU kernels use) for
// the widest instruction set the host CPU has. glibc's scalar tanhf/expf
// are 5-8x slower per element.
#include <cstdint>

namespace npg::vmath {

enum class Fn { Exp, Log, Tanh, Sin, Cos, Tan };

/// out[i] = fn(in[i]) for 0 <= i < n; `in` and `out` may be the same.
void apply(Fn fn, const float *in, float *out, std::int64_t n);
void apply(Fn fn, const double *in, double *out, std::int64_t n);

/// The instruction set apply() uses here: "avx512f", "avx2" or "sse2".
const char *isa();

} // namespace npg::vmath
