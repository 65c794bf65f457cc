// Ops whose results never join the graph: casts, predicates, sorting,
// rounding, and in-place fills.
#include "Internal.h"
#include "compile/Tracing.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace npg {

Array astype(const Array &x, DType dtype, Loc loc) {
  tracing::OpScope op(loc);
  Array y = visit(dtype, [&]<class R>(std::type_identity<R>) {
    return detail::unary_map(x, x.dtype(), []<class T>(T v) {
      if constexpr (std::is_floating_point_v<T> && std::is_integral_v<R> &&
                    !std::is_same_v<R, bool>) {
        // NaN, infinities and values out of R's range: R's minimum, what
        // numpy gives on x86 (a plain cast would be undefined behaviour).
        constexpr T lo = static_cast<T>(std::numeric_limits<R>::min());
        if (!(v >= lo && v < -lo))
          return std::numeric_limits<R>::min();
      }
      return static_cast<R>(v);
    });
  });
  // No grad_fn, but a float result of an array that requires grad requires
  // grad itself, as numpygrad's astype and PyTorch's .to: a new leaf.
  if (detail::needs_grad(x) && is_floating(dtype))
    y.impl()->requires_grad = true;
  // Eager astype's result has no grad_fn: in IR, a cast behind a
  // stop_gradient.
  if (tracing::Recorder *rec = op.recorder()) {
    int v = rec->value(x);
    if (dtype != x.dtype())
      v = rec->emit(ops::OpKind::Cast, {v}, tracing::type_of(y), {}, loc);
    op.record_values<ops::OpKind::StopGradient>({v}, y);
  }
  return y;
}

std::vector<Array> nonzero(const Array &x, Loc loc) {
  tracing::refuse("nonzero()", "its result's shape depends on the data", loc);
  const Array c = x.astype(bool_);
  const bool *p = static_cast<const bool *>(c.raw_data());
  const std::int64_t count = std::count(p, p + c.size(), true);
  const std::int64_t nd = std::max<std::int64_t>(x.ndim(), 1);
  std::vector<Array> indices;
  std::vector<std::int64_t *> out;
  for (std::int64_t d = 0; d < nd; ++d) {
    indices.push_back(detail::empty({count}, int64));
    out.push_back(static_cast<std::int64_t *>(indices.back().raw_data()));
  }
  const Strides strides = contiguous_strides(x.shape());
  std::int64_t k = 0;
  for (std::int64_t i = 0; i < c.size(); ++i) {
    if (!p[i])
      continue;
    for (std::int64_t d = 0; d < x.ndim(); ++d)
      out[d][k] = (i / strides[d]) % x.shape()[d];
    if (x.ndim() == 0)
      out[0][k] = 0;
    ++k;
  }
  return indices;
}

Array round(const Array &x, int decimals, Loc loc) {
  tracing::OpScope op(loc);
  if (!is_floating(x.dtype()) && decimals >= 0) {
    Array y = detail::copy_data(x);
    op.alias(y, x);
    return y;
  }
  if (!is_floating(x.dtype())) // numpy keeps integers: round(1234, -2) is 1200
    return round(x.astype(float64), decimals, loc).astype(x.dtype());
  const double scale = std::pow(10.0, decimals);
  Array y = detail::float_map(x, [scale]<class T>(T v) {
    // In the array's own precision, as numpy does (1.015f rounds to 1.02f);
    // nearbyint rounds half to even.
    const T s = static_cast<T>(scale);
    return static_cast<T>(std::nearbyint(v * s) / s);
  });
  if (tracing::Recorder *rec = op.recorder()) {
    const ir::TensorType type = tracing::type_of(y);
    int v = rec->operand(x, x.shape(), y.dtype(), loc);
    if (decimals != 0) {
      const int s = rec->coerce(rec->constant(scale, y.dtype()), type, loc);
      v = rec->emit(ops::OpKind::Mul, {v, s}, type, {}, loc);
      v = rec->emit(ops::OpKind::Round, {v}, type, {}, loc);
      v = rec->emit(ops::OpKind::Div, {v, s}, type, {}, loc);
    } else {
      v = rec->emit(ops::OpKind::Round, {v}, type, {}, loc);
    }
    // The result leaves the graph, as in eager: not even a zero gradient
    // flows back (0 * inf would make it NaN upstream).
    op.record_values<ops::OpKind::StopGradient>({v}, y);
  }
  return y;
}

Array sort(const Array &x, std::int64_t axis, Loc loc) {
  tracing::refuse("sort()", "the IR has no sort op yet", loc);
  tracing::OpScope op(loc);
  Array y = detail::copy_data(x);
  y.sort(axis);
  return y;
}

Array &Array::fill(Scalar value, Loc loc) {
  detail::check_inplace(*this, "fill");
  return assign(detail::scalar(value, dtype()), loc);
}

Array &Array::sort(std::int64_t axis, Loc loc) {
  tracing::refuse("an in-place sort", "traces record values, not memory", loc);
  detail::check_inplace(*this, "sort");
  if (ndim() == 0)
    fail("sort: cannot sort a 0-d array along axis ", axis);
  const std::int64_t ax = normalize_axis(axis, ndim());
  const std::int64_t n = shape()[ax];
  const std::int64_t stride = strides()[ax];
  // One lane per position of the other axes; NaNs sort last, as in numpy.
  Shape lanes = shape();
  lanes[ax] = 1;
  visit(dtype(), [&]<class T>(std::type_identity<T>) {
    T *base = static_cast<T *>(raw_data());
    std::vector<T> lane(n);
    const std::array<const std::int64_t *, 1> st{strides().data()};
    loops::for_each_run<1>(
        lanes, st, [&](const auto &off, const auto &is, std::int64_t runs) {
          for (std::int64_t r = 0; r < runs; ++r) {
            T *p = base + off[0] + r * is[0];
            for (std::int64_t j = 0; j < n; ++j)
              lane[j] = p[j * stride];
            std::sort(lane.begin(), lane.end(), [](T a, T b) {
              if constexpr (std::is_floating_point_v<T>)
                return std::isnan(b) ? !std::isnan(a) : a < b;
              else
                return a < b;
            });
            for (std::int64_t j = 0; j < n; ++j)
              p[j * stride] = lane[j];
          }
        });
  });
  impl()->storage->bump_version();
  return *this;
}

} // namespace npg
