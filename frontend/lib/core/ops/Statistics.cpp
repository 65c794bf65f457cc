// Reductions built on sums and extrema: prod, argmax/argmin, var/std,
// logsumexp, softmax and log_softmax. Each op's kernel, trace record (as the
// dialect ops that compute it, where the dialect can) and derivative
// together.
#include "autograd/EagerAlgebra.h"
#include "Internal.h"
#include "Lanes.h"
#include "compile/Tracing.h"

#include <cmath>
#include <limits>

namespace npg {

using detail::needs_grad;

namespace {

/// Which axes a reduction removes, and the shapes it produces.
struct Reduced {
  std::vector<bool> mask;
  std::vector<std::int64_t> axes;
  Shape kept;   // x's shape with reduced axes set to 1
  Shape result; // kept, or without the reduced axes
  std::int64_t count = 1;

  Reduced(const Array &x, const Axes &a, bool keepdims)
      : mask(a.mask(x.ndim())), kept(x.shape()) {
    for (std::int64_t i = 0; i < x.ndim(); ++i) {
      if (!mask[i]) {
        result.push_back(kept[i]);
        continue;
      }
      axes.push_back(i);
      count *= kept[i];
      kept[i] = 1;
      if (keepdims)
        result.push_back(1);
    }
  }
};

} // namespace

// --- prod --------------------------------------------------------------------

Array prod(const Array &x, Axes axes, bool keepdims, Loc loc) {
  tracing::OpScope op(loc);
  const Reduced r(x, axes, keepdims);
  const DType out = is_floating(x.dtype()) ? x.dtype() : int64;
  // Floats multiply in double, integers in int64.
  const DType acc = is_floating(out) ? float64 : int64;
  const detail::Lanes l = detail::to_lanes(x, r.mask, acc);
  Array y = detail::visit_numeric(acc, [&]<class T>(std::type_identity<T>) {
    Array o = detail::empty({l.n_rows}, acc);
    const T *in = static_cast<const T *>(l.rows.raw_data());
    T *p = static_cast<T *>(o.raw_data());
    for (std::int64_t i = 0; i < l.n_rows; ++i) {
      T v = T(1);
      for (std::int64_t j = 0; j < l.count; ++j)
        v *= in[i * l.count + j];
      p[i] = v;
    }
    return o;
  });
  y = (acc == out ? y : y.astype(out)).reshape(r.result);
  const ops::Attrs<ops::OpKind::ReduceProd> attrs{r.axes, keepdims};
  if (tracing::Recorder *rec = op.recorder())
    op.record_values<ops::OpKind::ReduceProd>(
        {rec->operand(x, x.shape(), out, loc)}, y, attrs);
  if (needs_grad(x))
    detail::attach_rule<ops::OpKind::ReduceProd>(y, "Prod", {x}, attrs);
  return y;
}

// --- argmax / argmin
// -----------------------------------------------------------

namespace {

template <bool IsMax>
Array arg_extremum(const Array &x, std::optional<std::int64_t> axis,
                   bool keepdims, Loc loc) {
  const char *name = IsMax ? "argmax" : "argmin";
  tracing::OpScope op(loc);
  std::vector<bool> moved(x.ndim(), !axis.has_value());
  Shape result;
  if (axis) {
    if (x.ndim() == 0 && (*axis == 0 || *axis == -1)) {
      moved = {};
    } else {
      const std::int64_t a = normalize_axis(*axis, x.ndim());
      moved[a] = true;
      for (std::int64_t i = 0; i < x.ndim(); ++i)
        if (i != a || keepdims)
          result.push_back(i == a ? 1 : x.shape()[i]);
    }
  } else if (keepdims) {
    result.assign(x.ndim(), 1);
  }
  const detail::Lanes l = detail::to_lanes(x, moved, x.dtype());
  if (l.count == 0 && l.n_rows > 0)
    fail("attempt to get ", name, " of an empty sequence (shape ",
         format_shape(x.shape()), ")");
  Array out = detail::empty({l.n_rows}, int64);
  std::int64_t *o = static_cast<std::int64_t *>(out.raw_data());
  visit(x.dtype(), [&]<class T>(std::type_identity<T>) {
    const T *in = static_cast<const T *>(l.rows.raw_data());
    for (std::int64_t i = 0; i < l.n_rows; ++i) {
      const T *row = in + i * l.count;
      std::int64_t best = 0;
      for (std::int64_t j = 1; j < l.count; ++j) {
        if constexpr (std::is_floating_point_v<T>) {
          if (std::isnan(row[best]))
            break; // the first NaN wins, as numpy's
          if (std::isnan(row[j])) {
            best = j;
            break;
          }
        }
        if (IsMax ? row[j] > row[best] : row[j] < row[best])
          best = j;
      }
      o[i] = best;
    }
  });
  out = out.reshape(result);
  if (tracing::Recorder *rec = op.recorder()) {
    // Without an axis (or of a 0-d array) the index is into the flattened
    // array: npg.argmax along axis 0 of x reshaped to 1-D.
    constexpr ops::OpKind kind =
        IsMax ? ops::OpKind::ArgMax : ops::OpKind::ArgMin;
    const bool flat = !axis || x.ndim() == 0;
    int v = rec->value(x);
    if (flat)
      v = rec->emit(ops::OpKind::Reshape, {v}, {{x.size()}, x.dtype()}, {},
                    loc);
    const Shape direct = flat ? Shape{} : result;
    v = rec->emit<kind>(
        {v}, {direct, int64},
        {flat ? 0 : normalize_axis(*axis, x.ndim()), !flat && keepdims}, loc);
    if (direct != result)
      v = rec->emit(ops::OpKind::Reshape, {v}, {result, int64}, {}, loc);
    rec->bind(out, v);
  }
  return out;
}

} // namespace

Array argmax(const Array &x, std::optional<std::int64_t> axis, bool keepdims,
             Loc loc) {
  return arg_extremum<true>(x, axis, keepdims, loc);
}
Array argmin(const Array &x, std::optional<std::int64_t> axis, bool keepdims,
             Loc loc) {
  return arg_extremum<false>(x, axis, keepdims, loc);
}

// --- var / std ---------------------------------------------------------------

namespace {

/// var (or, with `root`, std) of x: traced as npg.var / npg.std, whose rule
/// is the derivative.
template <bool Root>
Array variance(const Array &x, Axes axes, std::int64_t ddof, bool keepdims,
               Loc loc) {
  constexpr ops::OpKind kind = Root ? ops::OpKind::Std : ops::OpKind::Var;
  tracing::OpScope op(loc);
  const Reduced r(x, axes, keepdims);
  const ops::Attrs<kind> attrs{r.axes, ddof, keepdims};
  Array y;
  {
    // The value as the op's expansion computes it (rules' Variance), so that
    // eager and compiled agree to the rounding.
    NoGradGuard no_grad;
    const DType dtype = detail::float_dtype(x.dtype());
    detail::EagerAlgebra algebra({x.shape()}, dtype);
    y = rules::Variance::expand(algebra, x.astype(dtype), r.axes, ddof,
                                keepdims);
    if (Root)
      y = npg::sqrt(y);
  }
  if (tracing::Recorder *rec = op.recorder())
    op.record_values<kind>({rec->operand(x, x.shape(), y.dtype(), loc)}, y,
                           attrs);
  if (needs_grad(x))
    detail::attach_rule<kind>(y, Root ? "Std" : "Var", {x}, attrs);
  return y;
}

} // namespace

Array var(const Array &x, Axes axes, std::int64_t ddof, bool keepdims,
          Loc loc) {
  return variance<false>(x, std::move(axes), ddof, keepdims, loc);
}

Array std(const Array &x, Axes axes, std::int64_t ddof, bool keepdims,
          Loc loc) {
  return variance<true>(x, std::move(axes), ddof, keepdims, loc);
}

// --- logsumexp, softmax, log_softmax
// --------------------------------------------

Array logsumexp(const Array &x, Axes axes, bool keepdims, Loc loc) {
  tracing::OpScope op(loc);
  const Reduced r(x, axes, keepdims);
  const DType dtype = detail::float_dtype(x.dtype());
  Array y;
  {
    NoGradGuard no_grad;
    const Array xf = x.astype(dtype);
    // An infinite maximum is taken as 0 (as PyTorch): all -inf gives -inf.
    // A sum over nothing is 0, whose log is -inf, as PyTorch and scipy: there
    // is no maximum to subtract then, so it is taken as 0 too.
    const Array m = r.count == 0 ? zeros(r.kept, dtype) : xf.max(r.axes, true);
    const Array ms = npg::where(npg::isinf(m), 0.0, m);
    y = (npg::log(npg::exp(xf - ms).sum(r.axes, true)) + ms).reshape(r.result);
  }
  const ops::Attrs<ops::OpKind::LogSumExp> attrs{r.axes, keepdims};
  if (tracing::Recorder *rec = op.recorder())
    op.record_values<ops::OpKind::LogSumExp>(
        {rec->operand(x, x.shape(), dtype, loc)}, y, attrs);
  if (needs_grad(x))
    detail::attach_rule<ops::OpKind::LogSumExp>(y, "LogSumExp", {x}, attrs);
  return y;
}

namespace {

/// softmax (or, with `log`, log_softmax) of x along one axis.
template <bool Log>
Array softmax_impl(const Array &x, std::int64_t axis, Loc loc) {
  if (x.ndim() == 0) {
    normalize_axis(axis, 1);
    return softmax_impl<Log>(x.reshape({1}), 0, loc).reshape({});
  }
  constexpr ops::OpKind kind =
      Log ? ops::OpKind::LogSoftmax : ops::OpKind::Softmax;
  tracing::OpScope op(loc);
  const std::int64_t a = normalize_axis(axis, x.ndim());
  const DType dtype = detail::float_dtype(x.dtype());
  Array y;
  if (x.size() == 0) {
    // Nothing to normalise (the axis may be empty, which has no maximum):
    // the empty result, as PyTorch.
    y = zeros(x.shape(), dtype);
  } else {
    NoGradGuard no_grad;
    const Array xf = x.astype(dtype);
    const Array shifted = xf - xf.max(a, true);
    const Array e = npg::exp(shifted);
    y = Log ? shifted - npg::log(e.sum(a, true)) : e / e.sum(a, true);
  }
  if (tracing::Recorder *rec = op.recorder())
    op.record_values<kind>({rec->operand(x, x.shape(), dtype, loc)}, y, {a});
  if (needs_grad(x))
    detail::attach_rule<kind>(y, Log ? "LogSoftmax" : "Softmax", {x}, {a});
  return y;
}

} // namespace

Array softmax(const Array &x, std::int64_t axis, Loc loc) {
  return softmax_impl<false>(x, axis, loc);
}

Array log_softmax(const Array &x, std::int64_t axis, Loc loc) {
  return softmax_impl<true>(x, axis, loc);
}

} // namespace npg
