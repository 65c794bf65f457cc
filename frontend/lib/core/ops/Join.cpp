// Joining, splitting and repeating arrays, and the triangle masks: numpy's
// concatenate (traced as npg.concat, whose gradient is a slice of g per
// input), and stack, split, repeat, triu, tril and expand_dims as
// compositions of traced ops.
#include "autograd/EagerAlgebra.h"
#include "Internal.h"
#include "compile/Tracing.h"

#include <algorithm>

namespace npg {

using tracing::OpScope;

// --- concatenate, stack ------------------------------------------------------

Array concatenate(const std::vector<Array> &arrays, std::int64_t axis,
                  Loc loc) {
  OpScope op(loc);
  if (arrays.empty())
    fail("need at least one array to concatenate");
  const Array &first = arrays[0];
  if (first.ndim() == 0)
    fail("zero-dimensional arrays cannot be concatenated");
  const std::int64_t ax = normalize_axis(axis, first.ndim());
  Shape shape = first.shape();
  shape[ax] = 0;
  DType dtype = first.dtype();
  for (std::size_t i = 0; i < arrays.size(); ++i) {
    const Array &a = arrays[i];
    if (a.ndim() != first.ndim())
      fail("all the input arrays must have same number of dimensions, but "
           "the array at index 0 has ",
           first.ndim(), " dimension(s) and the array at index ", i, " has ",
           a.ndim(), " dimension(s) (shapes ", format_shape(first.shape()),
           " and ", format_shape(a.shape()), ")");
    for (std::int64_t d = 0; d < a.ndim(); ++d)
      if (d != ax && a.shape()[d] != first.shape()[d])
        fail("all the input array dimensions except for the concatenation "
             "axis must match exactly, but along dimension ",
             d, ", the array at index 0 has size ", first.shape()[d],
             " and the array at index ", i, " has size ", a.shape()[d],
             " (shapes ", format_shape(first.shape()), " and ",
             format_shape(a.shape()), ")");
    shape[ax] += a.shape()[ax];
    dtype = promote_types(dtype, a.dtype());
  }
  Array out = detail::empty(shape, dtype);
  std::int64_t at = 0;
  for (const Array &a : arrays) {
    const std::int64_t n = a.shape()[ax];
    if (n > 0)
      out.slice(ax, at, at + n).assign(a.detach());
    at += n;
  }
  if (tracing::Recorder *rec = op.recorder()) {
    std::vector<int> operands;
    for (const Array &a : arrays)
      operands.push_back(rec->operand(a, a.shape(), dtype, loc));
    op.record_values<ops::OpKind::Concat>(operands, out, {ax});
  }
  bool any_grad = false;
  for (const Array &a : arrays)
    any_grad = any_grad || detail::needs_grad(a);
  if (any_grad)
    detail::attach_rule<ops::OpKind::Concat>(out, "Concatenate", arrays, {ax});
  return out;
}

Array cat(const std::vector<Array> &arrays, std::int64_t axis, Loc loc) {
  return concatenate(arrays, axis, loc);
}

Array stack(const std::vector<Array> &arrays, std::int64_t axis, Loc loc) {
  if (arrays.empty())
    fail("need at least one array to stack");
  for (std::size_t i = 1; i < arrays.size(); ++i)
    if (arrays[i].shape() != arrays[0].shape())
      fail("all input arrays must have the same shape, but the array at "
           "index 0 has shape ",
           format_shape(arrays[0].shape()), " and the array at index ", i,
           " has shape ", format_shape(arrays[i].shape()));
  const std::int64_t ax = normalize_axis(axis, arrays[0].ndim() + 1);
  std::vector<Array> expanded;
  for (const Array &a : arrays)
    expanded.push_back(unsqueeze(a, ax, loc));
  return concatenate(expanded, ax, loc);
}

// --- split -------------------------------------------------------------------

std::vector<Array> split(const Array &x, std::int64_t sections,
                         std::int64_t axis, Loc loc) {
  if (x.ndim() == 0)
    fail("split: cannot split a 0-d array");
  const std::int64_t ax = normalize_axis(axis, x.ndim());
  if (sections <= 0)
    fail("number sections must be larger than 0, got ", sections);
  const std::int64_t n = x.shape()[ax];
  if (n % sections != 0)
    fail("array split does not result in an equal division: ", n,
         " elements along axis ", ax, " of shape ", format_shape(x.shape()),
         " into ", sections, " sections");
  std::vector<std::int64_t> indices;
  for (std::int64_t i = 1; i < sections; ++i)
    indices.push_back(i * (n / sections));
  return split(x, indices, ax, loc);
}

std::vector<Array> split(const Array &x, std::vector<std::int64_t> indices,
                         std::int64_t axis, Loc loc) {
  if (x.ndim() == 0)
    fail("split: cannot split a 0-d array");
  const std::int64_t ax = normalize_axis(axis, x.ndim());
  // numpy's x[start:stop] for consecutive indices, as Python slices.
  std::vector<Array> parts;
  std::optional<std::int64_t> start = 0;
  for (std::int64_t stop : indices) {
    parts.push_back(slice(x, ax, start, stop, 1, loc));
    start = stop;
  }
  parts.push_back(slice(x, ax, start, std::nullopt, 1, loc));
  return parts;
}

// --- repeat ------------------------------------------------------------------

Array repeat(const Array &x, std::int64_t repeats,
             std::optional<std::int64_t> axis, Loc loc) {
  if (repeats < 0)
    fail("repeats may not contain negative values, got ", repeats);
  if (!axis)
    return repeat(reshape(x, {-1}, loc), repeats, 0, loc);
  const std::int64_t ax = normalize_axis(*axis, x.ndim());
  // Each element along ax followed by its copies: a new axis after ax,
  // broadcast to `repeats` and merged into ax.
  Shape wide = x.shape();
  wide.insert(wide.begin() + ax + 1, repeats);
  Shape result = x.shape();
  result[ax] *= repeats;
  return reshape(broadcast_to(unsqueeze(x, ax + 1, loc), wide, loc), result,
                 loc);
}

// --- triu, tril --------------------------------------------------------------

namespace {

/// x with the elements of its last two axes outside the triangle zeroed;
/// a 1-D x is broadcast to a square first, as numpy's.
template <bool Upper> Array triangle(const Array &x, std::int64_t k, Loc loc) {
  if (x.ndim() == 0)
    fail(Upper ? "triu" : "tril",
         ": the array must have at least one dimension, got shape ()");
  const std::int64_t cols = x.shape().back();
  const std::int64_t rows = x.ndim() == 1 ? cols : x.shape()[x.ndim() - 2];
  // The mask is a constant of the trace: j - i >= k (upper) or <= k.
  Array mask = detail::empty({rows, cols}, bool_);
  bool *m = static_cast<bool *>(mask.raw_data());
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < cols; ++j)
      m[i * cols + j] = Upper ? j - i >= k : j - i <= k;
  return where(mask, x, zeros({}, x.dtype()), loc);
}

} // namespace

Array triu(const Array &x, std::int64_t k, Loc loc) {
  return triangle<true>(x, k, loc);
}

Array tril(const Array &x, std::int64_t k, Loc loc) {
  return triangle<false>(x, k, loc);
}

// --- expand_dims -------------------------------------------------------------

Array expand_dims(const Array &x, std::vector<std::int64_t> axes, Loc loc) {
  const std::int64_t ndim = x.ndim() + static_cast<std::int64_t>(axes.size());
  std::vector<bool> chosen(ndim);
  for (std::int64_t a : axes) {
    const std::int64_t i = normalize_axis(a, ndim);
    if (chosen[i])
      fail("repeated axis in expand_dims: ", a);
    chosen[i] = true;
  }
  // Inserting in ascending order puts each new axis where it belongs.
  Array y = x;
  for (std::int64_t i = 0; i < ndim; ++i)
    if (chosen[i])
      y = unsqueeze(y, i, loc);
  return y;
}

Array expand_dims(const Array &x, std::int64_t axis, Loc loc) {
  return expand_dims(x, std::vector<std::int64_t>{axis}, loc);
}

} // namespace npg
