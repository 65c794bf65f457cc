// Elementwise choice between values: maximum, minimum, clip and where, with
// numpy broadcasting. Each op's kernel, trace record and derivative together;
// gradients are summed back to each operand's shape.
#include "autograd/EagerAlgebra.h"
#include "Internal.h"
#include "compile/Tracing.h"

#include <cmath>

namespace npg {

using detail::attach_rule;
using detail::binary_map;
using detail::lift;
using detail::needs_grad;
using ops::OpKind;
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
  constexpr OpKind kind = IsMax ? OpKind::Maximum : OpKind::Minimum;
  op.elementwise<kind>({a, b}, dtype, out);
  if (needs_grad(a, b))
    attach_rule<kind>(out, IsMax ? "Maximum" : "Minimum", {a, b}, {});
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
  const ops::Attrs<OpKind::Clip> attrs{
      lo ? std::optional(lo->to<double>()) : std::nullopt,
      hi ? std::optional(hi->to<double>()) : std::nullopt};
  op.elementwise<OpKind::Clip>({x}, dtype, y, attrs);
  if (needs_grad(x))
    attach_rule<OpKind::Clip>(y, "Clip", {x}, attrs);
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
    op.record_values<OpKind::Select>({rec->operand(cond, shape, bool_, loc),
                                      rec->operand(a, shape, dtype, loc),
                                      rec->operand(b, shape, dtype, loc)},
                                     out);
  if (needs_grad(a, b))
    attach_rule<OpKind::Select>(out, "Where", {cond, a, b}, {});
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
