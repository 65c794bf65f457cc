// Elementwise choice between values: maximum, minimum, clip and where, with
// numpy broadcasting. Each op's kernel, trace record and derivative together;
// gradients are summed back to each operand's shape.
#include "Compose.h"
#include "Internal.h"
#include "Tracing.h"

#include <cmath>

namespace npg {

using detail::attach;
using detail::binary_map;
using detail::lift;
using detail::needs_grad;
using detail::sum_to;
using tracing::OpScope;

namespace {

/// maximum (IsMax) or minimum of a and b: NaN wins, as numpy's.
template <bool IsMax> Array extremum(const Array &a, const Array &b, Loc loc) {
  OpScope op(loc);
  const DType dtype = promote_types(a.dtype(), b.dtype());
  Array out = binary_map(a, b, dtype, []<class T>(T x, T y) {
    if constexpr (std::is_floating_point_v<T>)
      if (std::isnan(x) || std::isnan(y))
        return std::isnan(x) ? x : y;
    return (IsMax ? x >= y : x <= y) ? x : y;
  });
  op.elementwise(IsMax ? "npg.maximum" : "npg.minimum", {a, b}, dtype, out);
  if (needs_grad(a, b))
    attach(out, IsMax ? "Maximum" : "Minimum", {a, b}, {a, b},
           [](const Array &g, const BackwardContext &c) -> Grads {
             const Array &x = c.saved[0], &y = c.saved[1];
             // PyTorch's rule: the winner takes g, ties take g/2 each (and
             // where a NaN is involved both sides take g).
             auto share = [&](const Array &self, const Array &other) {
               const Array w =
                   binary_map(self, other, g.dtype(), []<class T>(T s, T o) {
                     if (s == o)
                       return T(0.5);
                     return (IsMax ? s < o : s > o) ? T(0) : T(1);
                   });
               return sum_to(g * w, self.shape());
             };
             return {c.needs(0) ? share(x, y) : Array(),
                     c.needs(1) ? share(y, x) : Array()};
           });
  return out;
}

} // namespace

Array maximum(const Array &a, const Array &b, Loc loc) {
  return extremum<true>(a, b, loc);
}
Array minimum(const Array &a, const Array &b, Loc loc) {
  return extremum<false>(a, b, loc);
}
Array maximum(const Array &a, Scalar b, Loc loc) {
  return extremum<true>(a, lift(b, a), loc);
}
Array minimum(const Array &a, Scalar b, Loc loc) {
  return extremum<false>(a, lift(b, a), loc);
}

Array clip(const Array &x, std::optional<Scalar> lo, std::optional<Scalar> hi,
           Loc loc) {
  OpScope op(loc);
  if (!lo && !hi)
    fail("clip: at least one of the bounds (lo, hi) must be given");
  DType dtype = x.dtype();
  for (const std::optional<Scalar> &bound : {lo, hi})
    if (bound)
      dtype = promote_types(dtype, bound->promote_with(x.dtype()));
  if (dtype == bool_)
    fail("clip: not supported on bool arrays");
  Array y = visit(dtype, [&]<class T>(std::type_identity<T>) {
    const bool has_lo = lo.has_value(), has_hi = hi.has_value();
    const T l = has_lo ? lo->to<T>() : T(0), h = has_hi ? hi->to<T>() : T(0);
    const Array xc = x.dtype() == dtype ? x : x.astype(dtype);
    // minimum(maximum(x, lo), hi): NaN stays NaN; lo > hi gives hi.
    return detail::map_as<T>(xc, [=](T v) {
      const T m = has_lo && v < l ? l : v;
      return has_hi && m > h ? h : m;
    });
  });
  if (tracing::Recorder *rec = op.recorder()) {
    tracing::Composer c(*rec, loc);
    int v = c.input(x, x.shape(), dtype);
    if (lo)
      v = c.binary("npg.maximum", v, *lo);
    if (hi)
      v = c.binary("npg.minimum", v, *hi);
    c.result(y, v);
  }
  if (needs_grad(x))
    attach(y, "Clip", {x}, {x},
           [lo, hi](const Array &g, const BackwardContext &c) -> Grads {
             const Array &v = c.saved[0];
             const bool has_lo = lo.has_value(), has_hi = hi.has_value();
             const double l = has_lo ? lo->to<double>() : 0,
                          h = has_hi ? hi->to<double>() : 0;
             // 1 on the closed interval [lo, hi], as PyTorch's clamp.
             const Array inside = detail::unary_map(v, float64, [=](double e) {
               return (!has_lo || e >= l) && (!has_hi || e <= h);
             });
             return {g * inside};
           });
  return y;
}

Array where(const Array &cond, const Array &a, const Array &b, Loc loc) {
  OpScope op(loc);
  if (cond.dtype() != bool_)
    fail("where: the condition must be a bool array, but it has dtype ",
         cond.dtype(), " (shape ", format_shape(cond.shape()),
         "); compare it first, e.g. x > 0");
  const Shape shape =
      broadcast_shapes(cond.shape(), broadcast_shapes(a.shape(), b.shape()));
  const DType dtype = promote_types(a.dtype(), b.dtype());
  const Array ac = a.dtype() == dtype ? a : a.astype(dtype);
  const Array bc = b.dtype() == dtype ? b : b.astype(dtype);
  Array out = visit(dtype, [&]<class T>(std::type_identity<T>) {
    Array o = detail::empty(shape, dtype);
    loops::map(
        static_cast<T *>(o.raw_data()), shape,
        [](bool c, T x, T y) { return c ? x : y; },
        detail::in<bool>(
            cond, broadcast_strides(cond.shape(), cond.strides(), shape)),
        detail::in<T>(ac, broadcast_strides(ac.shape(), ac.strides(), shape)),
        detail::in<T>(bc, broadcast_strides(bc.shape(), bc.strides(), shape)));
    return o;
  });
  if (tracing::Recorder *rec = op.recorder())
    op.record_values("npg.select",
                     {rec->operand(cond, shape, bool_, loc),
                      rec->operand(a, shape, dtype, loc),
                      rec->operand(b, shape, dtype, loc)},
                     out);
  if (needs_grad(a, b))
    attach(out, "Where", {a, b}, {cond},
           [](const Array &g, const BackwardContext &c) -> Grads {
             const Array &m = c.saved[0];
             const Array zero = zeros({}, g.dtype());
             return {c.needs(0)
                         ? sum_to(npg::where(m, g, zero), c.parents[0].shape())
                         : Array(),
                     c.needs(1)
                         ? sum_to(npg::where(m, zero, g), c.parents[1].shape())
                         : Array()};
           });
  return out;
}

Array where(const Array &cond, const Array &a, Scalar b, Loc loc) {
  return where(cond, a, lift(b, a), loc);
}
Array where(const Array &cond, Scalar a, const Array &b, Loc loc) {
  return where(cond, lift(a, b), b, loc);
}
Array where(const Array &cond, Scalar a, Scalar b, Loc loc) {
  return where(cond, detail::scalar(a, a.dtype()), detail::scalar(b, b.dtype()),
               loc);
}

} // namespace npg
