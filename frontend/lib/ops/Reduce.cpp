// Reductions over any set of axes, with keepdims: kernels, trace records and
// derivatives.
#include "Internal.h"
#include "Tracing.h"

#include <cmath>
#include <limits>

namespace npg {

using detail::attach;
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

/// The npg.reduce_* attributes of a reduction.
std::vector<ir::NamedAttr> reduce_attrs(const Reduction &r) {
  std::vector<std::int64_t> axes;
  for (std::size_t i = 0; i < r.reduced.size(); ++i)
    if (r.reduced[i])
      axes.push_back(static_cast<std::int64_t>(i));
  return {{"axes", axes}, {"keepdims", r.keepdims}};
}

/// Records y = op(x as dtype) for a reduction.
void record_reduce(const tracing::OpScope &op, std::string_view name,
                   const Array &x, DType dtype, const Reduction &r,
                   const Array &y) {
  if (tracing::Recorder *rec = op.recorder())
    op.record_values(name, {rec->operand(x, x.shape(), dtype, op.loc())}, y,
                     reduce_attrs(r));
}

void refuse_empty(const Array &x, const Reduction &r, const char *op) {
  if (r.count == 0 && numel(r.kept) > 0)
    fail("zero-size array to reduction operation ", op,
         " which has no identity (shape ", format_shape(x.shape()), ")");
}

/// The gradient of a reduction's output, broadcast back over x's shape.
Array spread(const Array &g, const Array &x, const Shape &kept) {
  return g.reshape(kept).broadcast_to(x.shape());
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
  record_reduce(op, IsMax ? "npg.reduce_max" : "npg.reduce_min", x, x.dtype(),
                r, y);
  if (needs_grad(x))
    attach(y, IsMax ? "Max" : "Min", {x}, {x, y},
           [kept = r.kept, reduced = r.reduced](
               const Array &g, const BackwardContext &c) -> Grads {
             // Ties share the gradient evenly.
             const Array &xv = c.saved[0];
             // The elements equal to the extremum (for a NaN extremum, the
             // NaN elements, where PyTorch routes the gradient too).
             const Array hit =
                 detail::binary_map(xv, c.saved[1].reshape(kept), xv.dtype(),
                                    []<class T>(T v, T m) {
                                      return v == m || (v != v && m != m);
                                    });
             std::vector<std::int64_t> axes;
             for (std::size_t i = 0; i < reduced.size(); ++i)
               if (reduced[i])
                 axes.push_back(static_cast<std::int64_t>(i));
             const Array ties = npg::sum(hit, axes, true);
             // In g's dtype: an int64 count would promote a float32 gradient.
             return {hit * g.reshape(kept) / ties.astype(g.dtype())};
           });
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
  record_reduce(op, IsAll ? "npg.reduce_min" : "npg.reduce_max", x, bool_, r,
                y);
  return y;
}

} // namespace

Array sum(const Array &x, Axes axes, bool keepdims, Loc loc) {
  tracing::OpScope op(loc);
  const Reduction r(x, axes, keepdims);
  const DType out = is_floating(x.dtype()) ? x.dtype() : int64;
  Array y = visit(x.dtype(), [&]<class T>(std::type_identity<T>) {
    // Floats accumulate in double: float32 sums of millions stay accurate.
    using Acc =
        std::conditional_t<std::is_floating_point_v<T>, double, std::int64_t>;
    return reduce_as<Acc, T>(x, r, Acc(0), [](Acc acc, auto v) {
      return acc + static_cast<Acc>(v);
    });
  });
  y = (y.dtype() == out ? y : y.astype(out)).reshape(r.result);
  record_reduce(op, "npg.reduce_sum", x, out, r, y);
  if (needs_grad(x))
    attach(y, "Sum", {x}, {},
           [kept = r.kept](const Array &g, const BackwardContext &c) -> Grads {
             return {spread(g, c.parents[0], kept)};
           });
  return y;
}

Array mean(const Array &x, Axes axes, bool keepdims, Loc loc) {
  tracing::OpScope op(loc);
  const Reduction r(x, axes, keepdims);
  const DType out = detail::float_dtype(x.dtype());
  Array y = visit(x.dtype(), [&]<class T>(std::type_identity<T>) {
    return reduce_as<double, T>(x, r, 0.0, [](double acc, auto v) {
      return acc + static_cast<double>(v);
    });
  });
  y = y / static_cast<double>(r.count);
  y = (y.dtype() == out ? y : y.astype(out)).reshape(r.result);
  if (tracing::Recorder *rec = op.recorder()) {
    // The IR has no mean: a sum divided by the count.
    const ir::TensorType type = tracing::type_of(y);
    const int total =
        rec->emit("npg.reduce_sum", {rec->operand(x, x.shape(), out, loc)},
                  type, reduce_attrs(r), loc);
    const int count = rec->coerce(
        rec->constant(static_cast<double>(r.count), out), type, loc);
    op.record_values("npg.div", {total, count}, y);
  }
  if (needs_grad(x))
    attach(y, "Mean", {x}, {},
           [kept = r.kept, count = r.count](const Array &g,
                                            const BackwardContext &c) -> Grads {
             return {
                 spread(g / static_cast<double>(count), c.parents[0], kept)};
           });
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
