// Running sums and products along an axis (numpy's cumsum and cumprod): the
// kernel and derivative of each. The IR has no scan op, so traces refuse
// them.
#include "Internal.h"
#include "Lanes.h"
#include "compile/Tracing.h"

namespace npg {

using detail::attach;
using detail::needs_grad;

namespace {

/// The array a scan runs over: x, or x flattened when no axis is given, and
/// the (normalised) axis.
struct ScanInput {
  Array data;
  std::int64_t axis;
};

ScanInput scan_input(const Array &x, std::optional<std::int64_t> axis) {
  if (!axis || x.ndim() == 0) {
    if (axis && *axis != 0 && *axis != -1)
      normalize_axis(*axis, 0); // throws numpy's AxisError text
    const Array c = detail::copy_data(x);
    return {detail::view(c, {x.size()}, {1}, c.offset()), 0};
  }
  return {x, normalize_axis(*axis, x.ndim())};
}

/// out[.., j, ..] = op(out[.., j-1, ..], in[.., j, ..]) along `axis` of `in`
/// (from the end when `reverse`), in dtype `acc`; the result is `dtype`.
template <class Op>
Array scan(const Array &in, std::int64_t axis, DType acc, DType dtype,
           bool reverse, Op combine) {
  std::vector<bool> moved(in.ndim());
  moved[axis] = true;
  const detail::Lanes l = detail::to_lanes(in, moved, acc);
  Array rows = detail::visit_numeric(acc, [&]<class T>(std::type_identity<T>) {
    Array o = detail::empty(l.rows.shape(), acc);
    const T *src = static_cast<const T *>(l.rows.raw_data());
    T *dst = static_cast<T *>(o.raw_data());
    for (std::int64_t i = 0; i < l.n_rows; ++i) {
      const T *row = src + i * l.count;
      T *out = dst + i * l.count;
      for (std::int64_t k = 0; k < l.count; ++k) {
        const std::int64_t j = reverse ? l.count - 1 - k : k;
        out[j] =
            k == 0
                ? row[j]
                : static_cast<T>(combine(out[reverse ? j + 1 : j - 1], row[j]));
      }
    }
    return o;
  });
  const Array out = detail::from_lanes(rows, l);
  return out.dtype() == dtype ? out : out.astype(dtype);
}

/// numpy's result dtype of cumsum/cumprod, and the dtype to accumulate in
/// (double for floats, as PyTorch does on the CPU).
DType scan_dtype(const Array &x) {
  return is_floating(x.dtype()) ? x.dtype() : int64;
}
DType acc_dtype(const Array &x) {
  return is_floating(x.dtype()) ? float64 : int64;
}

} // namespace

Array cumsum(const Array &x, std::optional<std::int64_t> axis, Loc loc) {
  tracing::refuse("cumsum()", "the IR has no scan op", loc);
  tracing::OpScope op(loc);
  const ScanInput s = scan_input(x, axis);
  Array y = scan(s.data, s.axis, acc_dtype(x), scan_dtype(x), false,
                 [](auto a, auto b) { return a + b; });
  if (needs_grad(x))
    attach(y, "CumSum", {x}, {},
           [a = s.axis](const Array &g, const BackwardContext &c) -> Grads {
             // The sum of the gradients of every later position: a reversed
             // running sum.
             const Array r = scan(g, a, acc_dtype(g), g.dtype(), true,
                                  [](auto u, auto v) { return u + v; });
             return {r.reshape(c.parents[0].shape())};
           });
  return y;
}

Array cumprod(const Array &x, std::optional<std::int64_t> axis, Loc loc) {
  tracing::refuse("cumprod()", "the IR has no scan op", loc);
  tracing::OpScope op(loc);
  const ScanInput s = scan_input(x, axis);
  Array y = scan(s.data, s.axis, acc_dtype(x), scan_dtype(x), false,
                 [](auto a, auto b) { return a * b; });
  if (needs_grad(x))
    attach(y, "CumProd", {x}, {s.data},
           [a = s.axis](const Array &g, const BackwardContext &c) -> Grads {
             // d/dx_i of sum_j g_j y_j = P_{i-1} · S_i, where P_{i-1} is the
             // product of the elements before i and S_i = g_i + x_{i+1} ·
             // S_{i+1}: no division, so exact where x has zeros.
             const Array &v = c.saved[0];
             std::vector<bool> moved(v.ndim());
             moved[a] = true;
             const detail::Lanes lx = detail::to_lanes(v, moved, v.dtype());
             const detail::Lanes lg = detail::to_lanes(g, moved, v.dtype());
             Array rows = detail::visit_numeric(
                 v.dtype(), [&]<class T>(std::type_identity<T>) {
                   Array o = detail::empty(lx.rows.shape(), v.dtype());
                   const T *xs = static_cast<const T *>(lx.rows.raw_data());
                   const T *gs = static_cast<const T *>(lg.rows.raw_data());
                   T *dst = static_cast<T *>(o.raw_data());
                   const std::int64_t n = lx.count;
                   for (std::int64_t i = 0; i < lx.n_rows; ++i) {
                     const T *xr = xs + i * n, *gr = gs + i * n;
                     T *out = dst + i * n;
                     T s = T(0);
                     for (std::int64_t j = n; j-- > 0;) {
                       // A zero after j cuts every later product: its term
                       // is 0 exactly, even where the products beyond
                       // overflowed (0 * inf would be NaN).
                       s = j + 1 < n
                               ? static_cast<T>(gr[j] + (xr[j + 1] == T(0)
                                                             ? T(0)
                                                             : xr[j + 1] * s))
                               : gr[j];
                       out[j] = s;
                     }
                     T prefix = T(1);
                     for (std::int64_t j = 0; j < n; ++j) {
                       out[j] *= prefix;
                       prefix *= xr[j];
                     }
                   }
                   return o;
                 });
             return {
                 detail::from_lanes(rows, lx).reshape(c.parents[0].shape())};
           });
  return y;
}

} // namespace npg
