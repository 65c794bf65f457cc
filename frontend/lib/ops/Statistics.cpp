// Reductions built on sums and extrema: prod, argmax/argmin, var/std,
// logsumexp, softmax and log_softmax. Each op's kernel, trace record (as the
// dialect ops that compute it, where the dialect can) and derivative
// together.
#include "Compose.h"
#include "Internal.h"
#include "Lanes.h"
#include "Tracing.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace npg {

using detail::attach;
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

/// g (of the result's shape) broadcast over x's shape.
Array spread(const Array &g, const Shape &kept, const Shape &shape) {
  return g.reshape(kept).broadcast_to(shape);
}

} // namespace

// --- prod --------------------------------------------------------------------

Array prod(const Array &x, Axes axes, bool keepdims, Loc loc) {
  tracing::refuse("prod()", "the IR has no product reduction", loc);
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
  if (needs_grad(x))
    attach(y, "Prod", {x}, {x},
           [mask = r.mask, kept = r.kept](const Array &g,
                                          const BackwardContext &c) -> Grads {
             // d prod / d x_i is the product of the others: prefix times
             // suffix products, exact where x has zeros.
             const Array &v = c.saved[0];
             const detail::Lanes l = detail::to_lanes(v, mask, v.dtype());
             const Array others = detail::visit_numeric(
                 v.dtype(), [&]<class T>(std::type_identity<T>) {
                   Array o = detail::empty(l.rows.shape(), v.dtype());
                   const T *in = static_cast<const T *>(l.rows.raw_data());
                   T *p = static_cast<T *>(o.raw_data());
                   for (std::int64_t i = 0; i < l.n_rows; ++i) {
                     const T *row = in + i * l.count;
                     T *dst = p + i * l.count;
                     T prefix = T(1);
                     for (std::int64_t j = 0; j < l.count; ++j) {
                       dst[j] = prefix;
                       prefix *= row[j];
                     }
                     T suffix = T(1);
                     for (std::int64_t j = l.count; j-- > 0;) {
                       dst[j] *= suffix;
                       suffix *= row[j];
                     }
                   }
                   return o;
                 });
             return {spread(g, kept, v.shape()) *
                     detail::from_lanes(others, l)};
           });
  return y;
}

// --- argmax / argmin
// -----------------------------------------------------------

namespace {

template <bool IsMax>
Array arg_extremum(const Array &x, std::optional<std::int64_t> axis,
                   bool keepdims, Loc loc) {
  const char *name = IsMax ? "argmax" : "argmin";
  tracing::refuse(IsMax ? "argmax()" : "argmin()",
                  "the IR has no arg-reduction op", loc);
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
  return out.reshape(result);
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

/// (x - mean(x)) over the reduced axes, in x's float dtype.
Array deviations(const Array &x, const Reduced &r) {
  const Array xf = x.astype(detail::float_dtype(x.dtype()));
  return xf - xf.mean(r.axes, true);
}

/// What var divides the sum of squared deviations by: N - ddof, but never
/// below 0, as numpy and PyTorch (ddof >= N gives inf, or NaN for 0 / 0).
double divisor(const Reduced &r, std::int64_t ddof) {
  return static_cast<double>(std::max<std::int64_t>(r.count - ddof, 0));
}

/// The gradient of var, as PyTorch computes it: 2 / (N - ddof) · g · (x -
/// mean), with the divisor the value used (infinite where ddof >= N).
Array var_backward(const Array &g, const Array &x, const Reduced &r,
                   std::int64_t ddof) {
  const double scale = 2.0 / divisor(r, ddof);
  return scale * spread(g, r.kept, x.shape()) * deviations(x, r);
}

/// Records var (or std, with `root`) as sums and divisions.
void record_var(const tracing::OpScope &op, const Array &x, const Reduced &r,
                std::int64_t ddof, bool keepdims, bool root, const Array &y) {
  tracing::Recorder *rec = op.recorder();
  if (!rec)
    return;
  tracing::Composer c(*rec, op.loc());
  const int v = c.input(x, x.shape(), y.dtype());
  // The mean behind a stop_gradient: the gradient is then var_backward's
  // 2 (x - mean) / divisor (the mean's share is sum(x - mean) = 0), also
  // where the divisor is 0 and the chain rule through the mean would give
  // inf - inf.
  const int mean =
      c.unary("npg.stop_gradient",
              c.binary("npg.div", c.reduce("npg.reduce_sum", v, r.mask, true),
                       Scalar(static_cast<double>(r.count))));
  const int d = c.binary("npg.sub", v, c.broadcast(mean, x.shape()));
  int s = c.binary(
      "npg.div",
      c.reduce("npg.reduce_sum", c.binary("npg.mul", d, d), r.mask, keepdims),
      Scalar(divisor(r, ddof)));
  if (root)
    s = c.unary("npg.sqrt", s);
  c.result(y, s);
}

} // namespace

Array var(const Array &x, Axes axes, std::int64_t ddof, bool keepdims,
          Loc loc) {
  tracing::OpScope op(loc);
  const Reduced r(x, axes, keepdims);
  Array y;
  {
    NoGradGuard no_grad;
    const Array d = deviations(x, r);
    y = (d * d).sum(r.axes, keepdims) / divisor(r, ddof);
  }
  record_var(op, x, r, ddof, keepdims, false, y);
  if (needs_grad(x))
    attach(y, "Var", {x}, {x},
           [r, ddof](const Array &g, const BackwardContext &c) -> Grads {
             return {var_backward(g, c.saved[0], r, ddof)};
           });
  return y;
}

Array std(const Array &x, Axes axes, std::int64_t ddof, bool keepdims,
          Loc loc) {
  tracing::OpScope op(loc);
  const Reduced r(x, axes, keepdims);
  Array y;
  {
    NoGradGuard no_grad;
    const Array d = deviations(x, r);
    y = npg::sqrt((d * d).sum(r.axes, keepdims) / divisor(r, ddof));
  }
  record_var(op, x, r, ddof, keepdims, true, y);
  if (needs_grad(x))
    attach(y, "Std", {x}, {x, y},
           [r, ddof](const Array &g, const BackwardContext &c) -> Grads {
             // PyTorch's rule: var's gradient of g / (2 std), 0 where std is
             // 0.
             const Array &s = c.saved[1];
             const Array gv = npg::where(s == 0, 0.0, g / (s * 2));
             return {var_backward(gv, c.saved[0], r, ddof)};
           });
  return y;
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
  if (tracing::Recorder *rec = op.recorder()) {
    tracing::Composer c(*rec, loc);
    const int v = c.input(x, x.shape(), dtype);
    const int m = c.reduce("npg.reduce_max", v, r.mask, true);
    const int inf =
        c.compare("eq", c.unary("npg.abs", m),
                  c.constant(std::numeric_limits<double>::infinity(), m));
    const int ms = c.select(inf, c.constant(0.0, m), m);
    const int e =
        c.unary("npg.exp", c.binary("npg.sub", v, c.broadcast(ms, x.shape())));
    int s = c.binary(
        "npg.add",
        c.unary("npg.log", c.reduce("npg.reduce_sum", e, r.mask, true)), ms);
    if (!keepdims)
      s = c.reshape(s, r.result);
    c.result(y, s);
  }
  if (needs_grad(x))
    attach(y, "LogSumExp", {x}, {x, y},
           [kept = r.kept](const Array &g, const BackwardContext &c) -> Grads {
             const Array &v = c.saved[0];
             return {spread(g, kept, v.shape()) *
                     npg::exp(v - c.saved[1].reshape(kept))};
           });
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
  if (tracing::Recorder *rec = op.recorder()) {
    tracing::Composer c(*rec, loc);
    std::vector<bool> mask(x.ndim());
    mask[a] = true;
    const int v = c.input(x, x.shape(), dtype);
    const int shifted = c.binary(
        "npg.sub", v,
        c.broadcast(c.reduce("npg.reduce_max", v, mask, true), x.shape()));
    const int e = c.unary("npg.exp", shifted);
    const int s = c.reduce("npg.reduce_sum", e, mask, true);
    c.result(y, Log ? c.binary("npg.sub", shifted,
                               c.broadcast(c.unary("npg.log", s), x.shape()))
                    : c.binary("npg.div", e, c.broadcast(s, x.shape())));
  }
  if (needs_grad(x))
    attach(y, Log ? "LogSoftmax" : "Softmax", {x}, {y},
           [a](const Array &g, const BackwardContext &c) -> Grads {
             const Array &out = c.saved[0];
             if (Log) // g - exp(y) · sum(g)
               return {g - npg::exp(out) * g.sum(a, true)};
             // y · (g - sum(g · y))
             return {out * (g - (g * out).sum(a, true))};
           });
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
