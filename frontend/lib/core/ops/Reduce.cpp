// Reductions over any set of axes, with keepdims: kernels, trace records and
// derivatives.
#include "autograd/EagerAlgebra.h"
#include "Internal.h"
#include "compile/Tracing.h"

#include <cmath>
#include <limits>

namespace npg {

using detail::needs_grad;

namespace {

/// Which axes a reduction removes, and the shapes it produces.
struct Reduction {
  std::vector<bool> reduced;
  Shape kept;   // x's shape with reduced axes set to 1 (keepdims=true)
  Shape result; // kept, or with reduced axes removed
  std::int64_t count = 1; // elements per output slot

  bool keepdims;

  Reduction(const Array &x, const Axes &axes, bool keepdims)
      : reduced(axes.mask(x.ndim())), kept(x.shape()), keepdims(keepdims) {
    for (std::int64_t i = 0; i < x.ndim(); ++i) {
      if (reduced[i]) {
        count *= kept[i];
        kept[i] = 1;
        if (keepdims)
          result.push_back(1);
      } else {
        result.push_back(kept[i]);
      }
    }
  }
};

/// Reduces x (read as T) into a new array of `kept` shape and dtype Acc:
/// acc = f(acc, x) starting from `init`, f's identity; f(acc, acc) must
/// combine partial results (see loops::reduce).
template <class Acc, class T, class F>
Array reduce_as(const Array &x, const Reduction &r, Acc init, F f) {
  Array acc = detail::empty(r.kept, dtype_of<Acc>());
  Acc *a = static_cast<Acc *>(acc.raw_data());
  std::fill(a, a + acc.size(), init);
  Strides acc_strides = contiguous_strides(r.kept);
  for (std::size_t i = 0; i < r.reduced.size(); ++i)
    if (r.reduced[i])
      acc_strides[i] = 0;
  loops::reduce(a, acc_strides, static_cast<const T *>(x.raw_data()),
                x.strides(), x.shape(), init, f);
  return acc;
}

/// The attributes of reduction K (npg.reduce_sum, ...) over r's axes.
template <ops::OpKind K> ops::Attrs<K> reduce_attrs(const Reduction &r) {
  std::vector<std::int64_t> axes;
  for (std::size_t i = 0; i < r.reduced.size(); ++i)
    if (r.reduced[i])
      axes.push_back(static_cast<std::int64_t>(i));
  return {axes, r.keepdims};
}

/// Records y = K(x as dtype) for a reduction.
template <ops::OpKind K>
void record_reduce(const tracing::OpScope &op, const Array &x, DType dtype,
                   const Reduction &r, const Array &y) {
  if (tracing::Recorder *rec = op.recorder())
    op.record_values<K>({rec->operand(x, x.shape(), dtype, op.loc())}, y,
                        reduce_attrs<K>(r));
}

void refuse_empty(const Array &x, const Reduction &r, const char *op) {
  if (r.count == 0 && numel(r.kept) > 0)
    fail("zero-size array to reduction operation ", op,
         " which has no identity (shape ", format_shape(x.shape()), ")");
}

template <bool IsMax>
Array extremum(const Array &x, const Axes &axes, bool keepdims, Loc loc) {
  tracing::OpScope op(loc);
  const Reduction r(x, axes, keepdims);
  refuse_empty(x, r, IsMax ? "maximum" : "minimum");
  Array y = visit(x.dtype(), [&]<class T>(std::type_identity<T>) {
              using L = std::numeric_limits<T>;
              const T init =
                  IsMax ? (L::has_infinity ? -L::infinity() : L::lowest())
                        : (L::has_infinity ? L::infinity() : L::max());
              return reduce_as<T, T>(x, r, init, [](T acc, T v) {
                if constexpr (std::is_floating_point_v<T>)
                  if (std::isnan(v) || std::isnan(acc))
                    return std::numeric_limits<T>::quiet_NaN();
                return (IsMax ? v > acc : v < acc) ? v : acc;
              });
            }).reshape(r.result);
  constexpr ops::OpKind kind =
      IsMax ? ops::OpKind::ReduceMax : ops::OpKind::ReduceMin;
  record_reduce<kind>(op, x, x.dtype(), r, y);
  if (needs_grad(x))
    detail::attach_rule<kind>(y, IsMax ? "Max" : "Min", {x},
                              reduce_attrs<kind>(r));
  return y;
}

template <bool IsAll>
Array logical(const Array &x, const Axes &axes, bool keepdims, Loc loc) {
  tracing::OpScope op(loc);
  const Reduction r(x, axes, keepdims);
  Array y = visit(x.dtype(), [&]<class T>(std::type_identity<T>) {
              return reduce_as<bool, T>(x, r, IsAll, [](bool acc, auto v) {
                return IsAll ? acc && v != decltype(v)(0)
                             : acc || v != decltype(v)(0);
              });
            }).reshape(r.result);
  // Over bools, all is a minimum and any a maximum.
  record_reduce<IsAll ? ops::OpKind::ReduceMin : ops::OpKind::ReduceMax>(
      op, x, bool_, r, y);
  return y;
}

/// A float sum's start: -0.0, the identity of IEEE addition (so the sum of
/// {-0.0} is -0.0, as numpy's), but +0.0 for a sum over nothing.
double sum_init(const Reduction &r) { return r.count == 0 ? 0.0 : -0.0; }

} // namespace

Array sum(const Array &x, Axes axes, bool keepdims, Loc loc) {
  tracing::OpScope op(loc);
  const Reduction r(x, axes, keepdims);
  const DType out = is_floating(x.dtype()) ? x.dtype() : int64;
  Array y = visit(x.dtype(), [&]<class T>(std::type_identity<T>) {
    // Floats accumulate in double: float32 sums of millions stay accurate.
    using Acc =
        std::conditional_t<std::is_floating_point_v<T>, double, std::int64_t>;
    const Acc init = std::is_floating_point_v<T> ? Acc(sum_init(r)) : Acc(0);
    return reduce_as<Acc, T>(
        x, r, init, [](Acc acc, auto v) { return acc + static_cast<Acc>(v); });
  });
  y = (y.dtype() == out ? y : y.astype(out)).reshape(r.result);
  record_reduce<ops::OpKind::ReduceSum>(op, x, out, r, y);
  if (needs_grad(x))
    detail::attach_rule<ops::OpKind::ReduceSum>(
        y, "Sum", {x}, reduce_attrs<ops::OpKind::ReduceSum>(r));
  return y;
}

Array mean(const Array &x, Axes axes, bool keepdims, Loc loc) {
  tracing::OpScope op(loc);
  const Reduction r(x, axes, keepdims);
  const DType out = detail::float_dtype(x.dtype());
  Array y = visit(x.dtype(), [&]<class T>(std::type_identity<T>) {
    return reduce_as<double, T>(x, r, sum_init(r), [](double acc, auto v) {
      return acc + static_cast<double>(v);
    });
  });
  y = y / static_cast<double>(r.count);
  y = (y.dtype() == out ? y : y.astype(out)).reshape(r.result);
  record_reduce<ops::OpKind::ReduceMean>(op, x, out, r, y);
  if (needs_grad(x))
    detail::attach_rule<ops::OpKind::ReduceMean>(
        y, "Mean", {x}, reduce_attrs<ops::OpKind::ReduceMean>(r));
  return y;
}

Array max(const Array &x, Axes axes, bool keepdims, Loc loc) {
  return extremum<true>(x, axes, keepdims, loc);
}
Array min(const Array &x, Axes axes, bool keepdims, Loc loc) {
  return extremum<false>(x, axes, keepdims, loc);
}
Array all(const Array &x, Axes axes, bool keepdims, Loc loc) {
  return logical<true>(x, axes, keepdims, loc);
}
Array any(const Array &x, Axes axes, bool keepdims, Loc loc) {
  return logical<false>(x, axes, keepdims, loc);
}

} // namespace npg
