#pragma once
// Strided N-d loops that every eager kernel is written with. Dimensions that
// are contiguous for every operand are merged first, so the innermost loop is
// as long as possible and, in the common contiguous case, a plain unit-stride
// loop the compiler vectorises.
#include "npg/runtime/Shape.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace npg::loops {

/// Visits `shape` in row-major order, one innermost run at a time:
/// `inner(offsets, inner_strides, length)` with per-operand element offsets
/// and strides. `strides[k]` are operand k's strides over `shape` (0 where it
/// is broadcast).
template <std::size_t N, class Inner>
void for_each_run(const Shape &shape,
                  const std::array<const std::int64_t *, N> &strides,
                  Inner &&inner) {
  // Merge mergeable dimensions and drop those of size 1.
  std::int64_t dims[64];
  std::int64_t st[N][64];
  int nd = 0;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 0)
      return;
    if (shape[d] == 1)
      continue;
    bool merge = nd > 0;
    for (std::size_t k = 0; k < N && merge; ++k)
      merge = st[k][nd - 1] == strides[k][d] * shape[d];
    if (merge) {
      dims[nd - 1] *= shape[d];
      for (std::size_t k = 0; k < N; ++k)
        st[k][nd - 1] = strides[k][d];
    } else {
      dims[nd] = shape[d];
      for (std::size_t k = 0; k < N; ++k)
        st[k][nd] = strides[k][d];
      ++nd;
    }
  }
  std::array<std::int64_t, N> off{};
  std::array<std::int64_t, N> istride{};
  if (nd == 0) {
    inner(off, istride, std::int64_t{1});
    return;
  }
  const std::int64_t len = dims[nd - 1];
  for (std::size_t k = 0; k < N; ++k)
    istride[k] = st[k][nd - 1];
  std::int64_t idx[64] = {};
  while (true) {
    inner(off, istride, len);
    int d = nd - 2;
    for (; d >= 0; --d) {
      for (std::size_t k = 0; k < N; ++k)
        off[k] += st[k][d];
      if (++idx[d] < dims[d])
        break;
      for (std::size_t k = 0; k < N; ++k)
        off[k] -= st[k][d] * dims[d];
      idx[d] = 0;
    }
    if (d < 0)
      return;
  }
}

/// An input operand: data plus its strides over the loop's shape.
template <class T> struct In {
  const T *data;
  const std::int64_t *strides;
};

/// out[i] = f(in[i]...) over `shape`; `out` is contiguous.
template <class R, class F, class... T>
void map(R *out, const Shape &shape, F f, In<T>... in) {
  const Strides out_strides = contiguous_strides(shape);
  constexpr std::size_t N = sizeof...(T) + 1;
  std::array<const std::int64_t *, N> strides{out_strides.data(),
                                              in.strides...};
  auto run = [&]<std::size_t... I>(std::index_sequence<I...>) {
    const std::tuple<const T *...> base{in.data...};
    for_each_run<N>(
        shape, strides, [&](const auto &off, const auto &is, std::int64_t n) {
          R *o = out + off[0];
          if (((is[I + 1] == 1) && ...)) {
            for (std::int64_t j = 0; j < n; ++j)
              o[j] = f(std::get<I>(base)[off[I + 1] + j]...);
          } else {
            for (std::int64_t j = 0; j < n; ++j)
              o[j] = f(std::get<I>(base)[off[I + 1] + j * is[I + 1]]...);
          }
        });
  };
  run(std::index_sequence_for<T...>{});
}

/// acc[j] = f(acc[j], in[i]) for every input element i, where `acc_strides`
/// map input positions to accumulator slots (0 on reduced axes). `identity`
/// is f's identity and f(acc, acc) must combine two partial results: a
/// contiguous run reduced into one slot is split over independent partial
/// accumulators, so the loop is not bound by the latency of one chain.
template <class Acc, class T, class F>
void reduce(Acc *acc, const Strides &acc_strides, const T *in,
            const Strides &in_strides, const Shape &shape, Acc identity, F f) {
  constexpr std::int64_t K = 8;
  std::array<const std::int64_t *, 2> strides{acc_strides.data(),
                                              in_strides.data()};
  for_each_run<2>(shape, strides,
                  [&](const auto &off, const auto &is, std::int64_t n) {
                    Acc *a = acc + off[0];
                    const T *x = in + off[1];
                    if (is[0] != 0) {
                      for (std::int64_t j = 0; j < n; ++j)
                        a[j * is[0]] = f(a[j * is[0]], x[j * is[1]]);
                      return;
                    }
                    Acc r = *a;
                    std::int64_t j = 0;
                    if (is[1] == 1 && n >= 4 * K) {
                      Acc part[K];
                      std::fill(part, part + K, identity);
                      for (; j + K <= n; j += K)
                        for (std::int64_t k = 0; k < K; ++k)
                          part[k] = f(part[k], x[j + k]);
                      for (std::int64_t k = 0; k < K; ++k)
                        r = f(r, part[k]);
                    }
                    for (; j < n; ++j)
                      r = f(r, x[j * is[1]]);
                    *a = r;
                  });
}

} // namespace npg::loops
