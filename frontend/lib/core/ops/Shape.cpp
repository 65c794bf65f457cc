// Shape ops: views of the input's storage where numpy gives views, each with
// its trace record and its derivative (which undoes the view on the
// gradient).
#include "autograd/EagerAlgebra.h"
#include "Internal.h"
#include "compile/Tracing.h"

#include "npg/rules/ShapeRules.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace npg {

using detail::attach;
using detail::needs_grad;
using tracing::OpScope;

namespace {

/// `y`, a view of `x` that the trace records as op K: records it, and
/// makes K's rule its derivative.
template <ops::OpKind K>
Array viewed(Array y, const Array &x, const OpScope &op, std::string_view name,
             const ops::Attrs<K> &attrs = {}) {
  op.record<K>({x}, y, attrs);
  if (needs_grad(x))
    detail::attach_rule<K>(y, name, {x}, attrs);
  return y;
}

Shape resolve_shape(const Array &x, Shape shape) {
  std::int64_t known = 1, unknown = -1, nonzero = 1;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    // A product of the extents beyond int64 matches no array's size (and
    // would overflow below), even when another extent is 0.
    if (shape[i] > 0 && __builtin_mul_overflow(nonzero, shape[i], &nonzero))
      fail("cannot reshape array of size ", x.size(), " into shape ",
           format_shape(shape), ": its size overflows int64");
    if (shape[i] == -1) {
      if (unknown >= 0)
        fail("can only specify one unknown dimension, got shape ",
             format_shape(shape));
      unknown = static_cast<std::int64_t>(i);
    } else if (shape[i] < 0) {
      fail("negative dimensions are not allowed: ", format_shape(shape));
    } else {
      known *= shape[i];
    }
  }
  if (unknown >= 0 && known != 0 && x.size() % known == 0)
    shape[unknown] = x.size() / known;
  if (unknown >= 0 ? (known == 0 || x.size() % known != 0) : known != x.size())
    fail("cannot reshape array of size ", x.size(), " into shape ",
         format_shape(shape));
  return shape;
}

Array permuted(const Array &x, const std::vector<std::int64_t> &axes,
               std::string_view name, Loc loc) {
  OpScope op(loc);
  if (static_cast<std::int64_t>(axes.size()) != x.ndim())
    fail("axes don't match array: ", axes.size(),
         " axes given for an array of dimension ", x.ndim());
  std::vector<std::int64_t> perm(axes.size());
  std::vector<bool> seen(axes.size());
  Shape shape(axes.size());
  Strides strides(axes.size());
  for (std::size_t i = 0; i < axes.size(); ++i) {
    perm[i] = normalize_axis(axes[i], x.ndim());
    if (seen[perm[i]])
      fail("repeated axis in transpose: ", axes[i]);
    seen[perm[i]] = true;
    shape[i] = x.shape()[perm[i]];
    strides[i] = x.strides()[perm[i]];
  }
  return viewed<ops::OpKind::Transpose>(
      detail::view(x, shape, strides, x.offset()), x, op, name, {perm});
}

} // namespace

namespace {
/// A view of x with `shape` (x copied first if it is not contiguous), traced
/// as npg.reshape.
Array reshaped(const Array &x, const Shape &shape, std::string_view name,
               Loc loc) {
  OpScope op(loc);
  const Array c = x.is_contiguous() ? x : detail::copy_data(x);
  return viewed<ops::OpKind::Reshape>(
      detail::view(c, shape, contiguous_strides(shape), c.offset()), x, op,
      name);
}
} // namespace

Array reshape(const Array &x, Shape shape, Loc loc) {
  return reshaped(x, resolve_shape(x, std::move(shape)), "Reshape", loc);
}

Array flatten(const Array &x, Loc loc) { return reshape(x, {-1}, loc); }

Array transpose(const Array &x, Loc loc) {
  std::vector<std::int64_t> axes(x.ndim());
  std::iota(axes.rbegin(), axes.rend(), 0);
  return permuted(x, axes, "Transpose", loc);
}

Array transpose(const Array &x, std::vector<std::int64_t> axes, Loc loc) {
  return permuted(x, axes, "Transpose", loc);
}

Array permute(const Array &x, std::vector<std::int64_t> axes, Loc loc) {
  return permuted(x, axes, "Permute", loc);
}

Array swapaxes(const Array &x, std::int64_t axis1, std::int64_t axis2,
               Loc loc) {
  std::vector<std::int64_t> axes(x.ndim());
  std::iota(axes.begin(), axes.end(), 0);
  std::swap(axes[normalize_axis(axis1, x.ndim())],
            axes[normalize_axis(axis2, x.ndim())]);
  return permuted(x, axes, "Transpose", loc);
}

Array squeeze(const Array &x, Axes axis, Loc loc) {
  OpScope op(loc);
  const std::vector<bool> chosen = axis.mask(x.ndim());
  Shape shape;
  Strides strides;
  for (std::int64_t i = 0; i < x.ndim(); ++i) {
    if (chosen[i] && x.shape()[i] == 1)
      continue;
    if (chosen[i] && !axis.all())
      fail("cannot select an axis to squeeze out which has size not equal to "
           "one: axis ",
           i, " of shape ", format_shape(x.shape()));
    shape.push_back(x.shape()[i]);
    strides.push_back(x.strides()[i]);
  }
  return viewed<ops::OpKind::Reshape>(
      detail::view(x, shape, strides, x.offset()), x, op, "Squeeze");
}

Array unsqueeze(const Array &x, std::int64_t axis, Loc loc) {
  OpScope op(loc);
  const std::int64_t a = normalize_axis(axis, x.ndim() + 1);
  Shape shape = x.shape();
  Strides strides = x.strides();
  const std::int64_t stride = a < x.ndim() ? x.strides()[a] * x.shape()[a] : 1;
  shape.insert(shape.begin() + a, 1);
  strides.insert(strides.begin() + a, stride);
  return viewed<ops::OpKind::Reshape>(
      detail::view(x, shape, strides, x.offset()), x, op, "Unsqueeze");
}

namespace {
ops::Attrs<ops::OpKind::Slice> slice_attrs(const Array &x, std::int64_t axis,
                                           std::int64_t start,
                                           std::int64_t limit,
                                           std::int64_t step) {
  return detail::axis_slice(x.shape(), axis, start, limit, step);
}
} // namespace

Array slice(const Array &x, std::int64_t axis,
            std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
            std::int64_t step, Loc loc) {
  OpScope op(loc);
  const std::int64_t ax = normalize_axis(axis, x.ndim());
  if (step == 0)
    fail("slice step cannot be zero");
  // Python's slice.indices(): clamp into range, negatives count from the end.
  const std::int64_t n = x.shape()[ax];
  auto clamp = [&](std::optional<std::int64_t> v, std::int64_t fallback) {
    if (!v)
      return fallback;
    std::int64_t i = *v < 0 ? *v + n : *v;
    if (step > 0)
      return std::clamp<std::int64_t>(i, 0, n);
    return std::clamp<std::int64_t>(i, -1, n - 1);
  };
  const std::int64_t b = clamp(start, step > 0 ? 0 : n - 1);
  const std::int64_t e = clamp(stop, step > 0 ? n : -1);
  // An empty range is written with its limit at its start, a single element
  // as [b, b + 1) with step 1.
  const bool empty = step > 0 ? e <= b : e >= b;
  ops::Attrs<ops::OpKind::Slice> attrs =
      empty ? slice_attrs(x, ax, 0, 0, 1) : slice_attrs(x, ax, b, e, step);
  const std::int64_t len =
      rules::slice({x.shape(), "x"}, attrs.starts, attrs.limits, attrs.steps)
          .shape[ax];
  if (len == 1)
    attrs = slice_attrs(x, ax, b, b + 1, 1);
  Shape shape = x.shape();
  Strides strides = x.strides();
  shape[ax] = len;
  // With one element or none the step is never taken (and stride * step
  // might overflow).
  if (len > 1)
    strides[ax] *= step;
  const std::int64_t offset = x.offset() + (len > 0 ? b * x.strides()[ax] : 0);
  return viewed<ops::OpKind::Slice>(detail::view(x, shape, strides, offset), x,
                                    op, "Slice", attrs);
}

Array select(const Array &x, std::int64_t axis, std::int64_t index, Loc loc) {
  OpScope op(loc);
  const std::int64_t ax = normalize_axis(axis, x.ndim());
  const std::int64_t n = x.shape()[ax];
  if (index < -n || index >= n)
    fail("index ", index, " is out of bounds for axis ", ax, " with size ", n);
  const std::int64_t i = index < 0 ? index + n : index;
  Shape shape = x.shape();
  Strides strides = x.strides();
  shape.erase(shape.begin() + ax);
  strides.erase(strides.begin() + ax);
  Array y = detail::view(x, shape, strides, x.offset() + i * x.strides()[ax]);
  // Traced as the row's slice, reshaped without the axis.
  Shape kept = x.shape();
  kept[ax] = 1;
  const ops::Attrs<ops::OpKind::Slice> row = slice_attrs(x, ax, i, i + 1, 1);
  if (tracing::Recorder *rec = op.recorder())
    op.record_values<ops::OpKind::Reshape>(
        {rec->emit<ops::OpKind::Slice>({rec->value(x)}, {kept, x.dtype()}, row,
                                       loc)},
        y);
  if (needs_grad(x))
    attach(y, "Select", {x}, {},
           [row, kept](const Array &g, const BackwardContext &c) -> Grads {
             return {detail::movement_vjp<ops::OpKind::Slice>(
                 c.parents[0].shape(), row, g.reshape(kept))};
           });
  return y;
}

Array broadcast_to(const Array &x, Shape shape, Loc loc) {
  OpScope op(loc);
  bool ok = shape.size() >= x.shape().size();
  for (std::size_t i = 0; ok && i < x.shape().size(); ++i) {
    const std::int64_t from = x.shape()[i];
    ok = from == 1 || from == shape[shape.size() - x.shape().size() + i];
  }
  if (!ok)
    fail("operands could not be broadcast together with remapped shapes "
         "[original->remapped]: ",
         format_shape(x.shape()), " and requested shape ", format_shape(shape));
  // A view allocates nothing, but its size must still fit in int64 (every
  // loop over it counts in int64). As numpy, the nonzero extents must fit
  // even when another one is 0.
  const auto limit = std::numeric_limits<std::int64_t>::max() /
                     static_cast<std::int64_t>(x.itemsize());
  std::int64_t count = 1;
  for (std::int64_t d : shape) {
    if (d < 0)
      fail("all elements of broadcast shape must be non-negative: requested "
           "shape ",
           format_shape(shape));
    if (d == 0)
      continue;
    if (count > limit / d)
      fail("array is too big: broadcasting ", format_shape(x.shape()),
           " to shape ", format_shape(shape), " of dtype ", x.dtype(),
           " gives more bytes than can be addressed");
    count *= d;
  }
  Strides strides = broadcast_strides(x.shape(), x.strides(), shape);
  Array y = detail::view(x, shape, strides, x.offset());
  if (tracing::Recorder *rec = op.recorder())
    rec->bind(y, rec->coerce(rec->value(x), tracing::type_of(y), loc));
  // numpy's right alignment.
  std::vector<std::int64_t> dims(x.shape().size());
  std::iota(dims.begin(), dims.end(),
            static_cast<std::int64_t>(shape.size() - x.shape().size()));
  if (needs_grad(x))
    detail::attach_rule<ops::OpKind::BroadcastTo>(y, "BroadcastTo", {x},
                                                  {dims});
  return y;
}

Array contiguous(const Array &x, Loc loc) {
  return x.is_contiguous() ? x : copy(x, loc);
}

Array copy(const Array &x, Loc loc) {
  OpScope op(loc);
  Array y = detail::copy_data(x);
  op.alias(y, x); // values, not memory: a copy is the same value
  if (needs_grad(x))
    attach(
        y, "Copy", {x}, {},
        [](const Array &g, const BackwardContext &) -> Grads { return {g}; });
  return y;
}

} // namespace npg
