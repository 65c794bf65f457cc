// Indexing by integer arrays. take (a gather, traced as npg.gather) and
// index_add (a scatter-add, traced as npg.scatter_add) are each other's
// derivative; setitem replaces positions in a copy; masked_fill and
// embedding are compositions; index_put_ writes in place.
#include "autograd/EagerAlgebra.h"
#include "Internal.h"
#include "compile/Tracing.h"

#include <algorithm>
#include <cstring>

namespace npg {

using detail::attach;
using detail::needs_grad;
using tracing::OpScope;

namespace {

/// x.shape[:axis] + indices + x.shape[axis+1:]: what take gives.
Shape gathered_shape(const Shape &x, std::int64_t axis, const Shape &indices) {
  Shape s(x.begin(), x.begin() + axis);
  s.insert(s.end(), indices.begin(), indices.end());
  s.insert(s.end(), x.begin() + axis + 1, x.end());
  return s;
}

/// Rejects index arrays that are not integers, with numpy's message.
void check_integer_indices(const Array &indices, const char *op) {
  if (!is_integer(indices.dtype()))
    fail(op,
         ": arrays used as indices must be of integer (or boolean) type, "
         "but the indices have dtype ",
         indices.dtype(), " (shape ", format_shape(indices.shape()), ")",
         indices.dtype() == bool_
             ? "; a bool mask selects with index(x, mask) or x[mask]"
             : "; cast them with astype(npg::int64)");
}

/// The indices' values in row-major order, read without a trace record.
std::vector<std::int64_t> values_of(const Array &indices) {
  const Array c =
      indices.is_contiguous() ? indices : detail::copy_data(indices);
  std::vector<std::int64_t> out(static_cast<std::size_t>(c.size()));
  visit(c.dtype(), [&]<class T>(std::type_identity<T>) {
    const T *p = static_cast<const T *>(c.raw_data());
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = static_cast<std::int64_t>(p[i]);
  });
  return out;
}

/// The indices as positions along an axis of size n: negatives count from
/// the end, anything else out of range throws numpy's IndexError message.
std::vector<std::int64_t> positions(const Array &indices, std::int64_t axis,
                                    std::int64_t n, const char *op) {
  check_integer_indices(indices, op);
  std::vector<std::int64_t> p = values_of(indices);
  for (std::int64_t &i : p) {
    if (i < -n || i >= n)
      fail("index ", i, " is out of bounds for axis ", axis, " with size ", n);
    if (i < 0)
      i += n;
  }
  return p;
}

/// Sizes around `axis`: outer = prod(shape[:axis]), inner =
/// prod(shape[axis+1:]).
std::pair<std::int64_t, std::int64_t> around(const Shape &shape,
                                             std::int64_t axis) {
  std::int64_t outer = 1, inner = 1;
  for (std::int64_t d = 0; d < static_cast<std::int64_t>(shape.size()); ++d)
    (d < axis ? outer : inner) *= d == axis ? 1 : shape[d];
  return {outer, inner};
}

/// out[o, j, i] = x[o, pos[j], i].
Array gather(const Array &x, std::int64_t axis,
             const std::vector<std::int64_t> &pos, const Shape &index_shape) {
  const Array c = x.is_contiguous() ? x : detail::copy_data(x);
  Array out =
      detail::empty(gathered_shape(x.shape(), axis, index_shape), x.dtype());
  const auto [outer, inner] = around(x.shape(), axis);
  const std::int64_t n = x.shape()[axis];
  const std::int64_t m = static_cast<std::int64_t>(pos.size());
  const std::size_t row = static_cast<std::size_t>(inner) * x.itemsize();
  if (row == 0 || out.size() == 0)
    return out;
  const char *src = static_cast<const char *>(c.raw_data());
  char *dst = static_cast<char *>(out.raw_data());
  for (std::int64_t o = 0; o < outer; ++o)
    for (std::int64_t j = 0; j < m; ++j)
      std::memcpy(dst + (o * m + j) * row, src + (o * n + pos[j]) * row, row);
  return out;
}

/// A contiguous copy of dest with src[o, j, i] added at [o, pos[j], i]
/// (Accumulate), or written there (later positions win).
template <bool Accumulate>
Array scatter(const Array &dest, std::int64_t axis,
              const std::vector<std::int64_t> &pos, const Array &src) {
  Array out = detail::copy_data(dest);
  const Array s = detail::copy_data(
      src.dtype() == dest.dtype() ? src : src.astype(dest.dtype()));
  const auto [outer, inner] = around(dest.shape(), axis);
  const std::int64_t n = dest.shape()[axis];
  const std::int64_t m = static_cast<std::int64_t>(pos.size());
  visit(dest.dtype(), [&]<class T>(std::type_identity<T>) {
    T *o = static_cast<T *>(out.raw_data());
    const T *v = static_cast<const T *>(s.raw_data());
    for (std::int64_t a = 0; a < outer; ++a)
      for (std::int64_t j = 0; j < m; ++j) {
        T *to = o + (a * n + pos[j]) * inner;
        const T *from = v + (a * m + j) * inner;
        for (std::int64_t i = 0; i < inner; ++i) {
          if constexpr (!Accumulate)
            to[i] = from[i];
          else if constexpr (std::is_same_v<T, bool>)
            to[i] = to[i] || from[i];
          else
            to[i] += from[i];
        }
      }
  });
  return out;
}

/// Python's slice.indices(n): the first position, the stop and the length.
struct Range {
  std::int64_t begin, end, length;
};
Range slice_range(std::int64_t n, const Slice &s) {
  if (s.step == 0)
    fail("slice step cannot be zero");
  auto clamp = [&](std::optional<std::int64_t> v, std::int64_t fallback) {
    if (!v)
      return fallback;
    const std::int64_t i = *v < 0 ? *v + n : *v;
    return s.step > 0 ? std::clamp<std::int64_t>(i, 0, n)
                      : std::clamp<std::int64_t>(i, -1, n - 1);
  };
  const std::int64_t b = clamp(s.start, s.step > 0 ? 0 : n - 1);
  const std::int64_t e = clamp(s.stop, s.step > 0 ? n : -1);
  const std::int64_t len =
      s.step > 0 ? std::max<std::int64_t>(0, (e - b + s.step - 1) / s.step)
                 : std::max<std::int64_t>(0, (b - e - s.step - 1) / -s.step);
  return {b, e, len};
}

/// The positions an Index names in x, resolved once.
struct Target {
  Index::Kind kind = Index::Kind::Integer;
  std::int64_t axis = 0;
  std::int64_t integer = 0;      // Integer: normalized
  Range range{0, 0, 0};          // Slice
  std::vector<std::int64_t> pos; // Array
  Shape shape;                   // what x[index] has
};

Target resolve(const Array &x, const Index &index, const char *op) {
  if (x.ndim() == 0)
    fail(op, ": cannot index a 0-d array");
  Target t;
  t.kind = index.kind();
  t.axis = normalize_axis(index.axis(), x.ndim());
  const std::int64_t n = x.shape()[t.axis];
  t.shape = x.shape();
  switch (index.kind()) {
  case Index::Kind::Integer:
    if (index.integer() < -n || index.integer() >= n)
      fail("index ", index.integer(), " is out of bounds for axis ", t.axis,
           " with size ", n);
    t.integer = index.integer() < 0 ? index.integer() + n : index.integer();
    t.shape.erase(t.shape.begin() + t.axis);
    break;
  case Index::Kind::Slice:
    t.range = slice_range(n, index.slice());
    t.shape[t.axis] = t.range.length;
    break;
  case Index::Kind::Array:
    t.pos = positions(index.indices(), t.axis, n, op);
    t.shape = gathered_shape(x.shape(), t.axis, index.indices().shape());
    break;
  }
  return t;
}

/// x[index] as a new array (no graph).
Array get(const Array &x, const Target &t, const Index &index) {
  switch (t.kind) {
  case Index::Kind::Integer:
    return x.select(t.axis, t.integer);
  case Index::Kind::Slice:
    return x.slice(t.axis, index.slice().start, index.slice().stop,
                   index.slice().step);
  case Index::Kind::Array:
    break;
  }
  return gather(x, t.axis, t.pos, index.indices().shape());
}

/// A copy of x with the target positions replaced by v (broadcast, cast).
Array replaced(const Array &x, const Target &t, const Index &index,
               const Array &v) {
  if (t.kind == Index::Kind::Array) {
    bool fits = v.ndim() <= static_cast<std::int64_t>(t.shape.size());
    for (std::size_t i = 1; fits && i <= v.shape().size(); ++i)
      fits = v.shape()[v.shape().size() - i] == 1 ||
             v.shape()[v.shape().size() - i] == t.shape[t.shape.size() - i];
    if (!fits)
      fail("shape mismatch: value array of shape ", format_shape(v.shape()),
           " could not be broadcast to indexing result of shape ",
           format_shape(t.shape));
    return scatter<false>(x, t.axis, t.pos, v.broadcast_to(t.shape));
  }
  Array out = detail::copy_data(x);
  Array region = get(out, t, index);
  region.assign(v);
  return out;
}

} // namespace

Array take(const Array &x, const Array &indices,
           std::optional<std::int64_t> axis, Loc loc) {
  OpScope op(loc);
  check_integer_indices(indices, "take");
  const Array src = axis ? x : x.reshape({-1});
  if (src.ndim() == 0)
    fail("take: axis ", *axis, " is out of bounds for a 0-d array");
  const std::int64_t ax = normalize_axis(axis.value_or(0), src.ndim());
  std::vector<std::int64_t> pos =
      positions(indices, ax, src.shape()[ax], "take");
  Array out = gather(src, ax, pos, indices.shape());
  if (tracing::Recorder *rec = op.recorder()) {
    int v = rec->value(x);
    if (!axis)
      v = rec->emit(ops::OpKind::Reshape, {v}, tracing::type_of(src), {}, loc);
    op.record_values<ops::OpKind::Gather>({v, rec->value(indices)}, out, {ax});
  }
  if (needs_grad(src))
    detail::attach_rule<ops::OpKind::Gather>(out, "Take", {src, indices}, {ax});
  return out;
}

Array index(const Array &x, const Array &indices, Loc loc) {
  if (indices.dtype() != bool_)
    return take(x, indices, 0, loc);
  tracing::refuse("indexing with a bool mask",
                  "the result's shape depends on the mask's values; use "
                  "masked_fill or where instead",
                  loc);
  const Array &mask = indices;
  if (mask.ndim() > x.ndim())
    fail("too many indices for array: array is ", x.ndim(),
         "-dimensional, but the bool mask is ", mask.ndim(), "-dimensional");
  for (std::int64_t d = 0; d < mask.ndim(); ++d)
    if (mask.shape()[d] != x.shape()[d])
      fail("boolean index did not match indexed array along axis ", d,
           "; size of axis is ", x.shape()[d],
           " but size of corresponding boolean axis is ", mask.shape()[d]);
  Shape rows = {mask.size()};
  rows.insert(rows.end(), x.shape().begin() + mask.ndim(), x.shape().end());
  const Array chosen = npg::nonzero(mask.reshape({-1}, loc), loc)[0];
  return take(x.reshape(rows, loc), chosen, 0, loc);
}

Array index_add(const Array &x, std::int64_t axis, const Array &indices,
                const Array &source, Loc loc) {
  OpScope op(loc);
  if (x.ndim() == 0)
    fail("index_add: cannot index a 0-d array");
  const std::int64_t ax = normalize_axis(axis, x.ndim());
  check_integer_indices(indices, "index_add");
  const Shape expected = gathered_shape(x.shape(), ax, indices.shape());
  if (source.shape() != expected)
    fail("index_add: source has shape ", format_shape(source.shape()),
         ", but x of shape ", format_shape(x.shape()), " indexed along axis ",
         ax, " by indices of shape ", format_shape(indices.shape()),
         " needs a source of shape ", format_shape(expected));
  if (is_floating(source.dtype()) && !is_floating(x.dtype()))
    fail("index_add: cannot add a source of dtype ", source.dtype(),
         " into an array of dtype ", x.dtype());
  std::vector<std::int64_t> pos =
      positions(indices, ax, x.shape()[ax], "index_add");
  Array out = scatter<true>(x, ax, pos, source);
  if (tracing::Recorder *rec = op.recorder())
    op.record_values<ops::OpKind::ScatterAdd>(
        {rec->value(x), rec->value(indices),
         rec->operand(source, expected, x.dtype(), loc)},
        out, {ax});
  if (needs_grad(x, source))
    detail::attach_rule<ops::OpKind::ScatterAdd>(out, "IndexAdd",
                                                 {x, indices, source}, {ax});
  return out;
}

Array setitem(const Array &x, const Index &index, const Array &value, Loc loc) {
  if (index.kind() == Index::Kind::Array)
    tracing::refuse("setitem with an integer-array index",
                    "the dialect has no replacing scatter (repeated indices "
                    "would make the result depend on the order of writes); "
                    "use index_add, or masked_fill/where, instead",
                    loc);
  OpScope op(loc);
  const Target t = resolve(x, index, "setitem");
  Array out = replaced(x, t, index, value.detach());
  if (t.kind == Index::Kind::Array) {
    if (needs_grad(x, value))
      attach(out, "SetItem", {x, value}, {},
             [t, index](const Array &g, const BackwardContext &c) -> Grads {
               Array gv;
               if (c.needs(1))
                 gv = detail::sum_to(get(g, t, index), c.parents[1].shape());
               return {c.needs(0) ? replaced(g, t, index, zeros({}, g.dtype()))
                                  : Array(),
                       gv};
             });
    return out;
  }
  // Traced as the value, broadcast to the target and shaped as its slice,
  // inserted into x; so is its gradient.
  Shape kept = x.shape();
  ops::Attrs<ops::OpKind::InsertSlice> attrs;
  if (t.kind == Index::Kind::Integer) {
    kept[t.axis] = 1;
    const auto a =
        detail::axis_slice(x.shape(), t.axis, t.integer, t.integer + 1, 1);
    attrs = {a.starts, a.limits, a.steps};
  } else {
    kept = t.shape;
    const Range &r = t.range;
    const std::int64_t step = index.slice().step;
    const auto a = detail::axis_slice(
        x.shape(), t.axis, r.length > 0 ? r.begin : 0, r.length > 0 ? r.end : 0,
        step > 0 ? step : (r.length > 0 ? step : 1));
    attrs = {a.starts, a.limits, a.steps};
  }
  if (tracing::Recorder *rec = op.recorder()) {
    const int source = rec->emit(ops::OpKind::Reshape,
                                 {rec->operand(value, t.shape, x.dtype(), loc)},
                                 {kept, x.dtype()}, {}, loc);
    op.record_values<ops::OpKind::InsertSlice>({source, rec->value(x)}, out,
                                               attrs);
  }
  if (needs_grad(x, value))
    attach(out, "SetItem", {x, value}, {},
           [attrs, kept, target = t.shape](const Array &g,
                                           const BackwardContext &c) -> Grads {
             const std::vector<Array> adjoints =
                 detail::movement_vjps<ops::OpKind::InsertSlice>(
                     {kept, c.parents[0].shape()}, attrs, g);
             return {c.needs(0) ? adjoints[1] : Array(),
                     c.needs(1) ? detail::sum_to(adjoints[0].reshape(target),
                                                 c.parents[1].shape())
                                : Array()};
           });
  return out;
}

Array setitem(const Array &x, const Index &index, Scalar value, Loc loc) {
  return setitem(x, index, detail::scalar(value, x.dtype()), loc);
}

Array masked_fill(const Array &x, const Array &mask, const Array &value,
                  Loc loc) {
  if (mask.dtype() != bool_)
    fail("masked_fill: the mask must be a bool array, but it has dtype ",
         mask.dtype(), " (shape ", format_shape(mask.shape()), ")");
  if (broadcast_shapes(mask.shape(), x.shape()) != x.shape())
    fail("masked_fill: the mask of shape ", format_shape(mask.shape()),
         " cannot be broadcast to the array's shape ", format_shape(x.shape()));
  if (value.ndim() != 0)
    fail("masked_fill only supports a 0-dimensional value, but got one of "
         "shape ",
         format_shape(value.shape()));
  // where() keeps x's dtype: value is cast to it first.
  const Array v = value.dtype() == x.dtype() ? value : value.astype(x.dtype());
  return where(mask, v, x, loc);
}

Array masked_fill(const Array &x, const Array &mask, Scalar value, Loc loc) {
  return masked_fill(x, mask, detail::scalar(value, x.dtype()), loc);
}

Array embedding(const Array &weight, const Array &indices, Loc loc) {
  if (weight.ndim() != 2)
    fail("embedding: weight must be 2-D (num_embeddings, embedding_dim), but "
         "it has shape ",
         format_shape(weight.shape()));
  check_integer_indices(indices, "embedding");
  const std::int64_t n = weight.shape()[0];
  // PyTorch's rule: no negative indices here (take would wrap them).
  for (std::int64_t i : values_of(indices))
    if (i < 0 || i >= n)
      fail("embedding: index ", i, " is out of range for a weight of shape ",
           format_shape(weight.shape()), " (indices must be in [0, ", n, "))");
  return take(weight, indices, 0, loc);
}

// --- Methods
// ------------------------------------------------------------------

Array Array::operator[](Located<const Array &> indices) const {
  return npg::index(*this, indices.value, indices.loc);
}
Array Array::index(const Array &indices, Loc loc) const {
  return npg::index(*this, indices, loc);
}
Array Array::take(const Array &indices, std::optional<std::int64_t> axis,
                  Loc loc) const {
  return npg::take(*this, indices, axis, loc);
}
Array Array::index_add(std::int64_t axis, const Array &indices,
                       const Array &source, Loc loc) const {
  return npg::index_add(*this, axis, indices, source, loc);
}
Array Array::masked_fill(const Array &mask, Scalar value, Loc loc) const {
  return npg::masked_fill(*this, mask, value, loc);
}
Array Array::masked_fill(const Array &mask, const Array &value, Loc loc) const {
  return npg::masked_fill(*this, mask, value, loc);
}

Array &Array::index_put_(const Index &index, const Array &value,
                         bool accumulate, Loc loc) {
  tracing::refuse("an in-place write",
                  "traces record values, not memory; use npg::setitem or "
                  "npg::index_add, which return a new array",
                  loc);
  detail::check_inplace(*this, "index_put_");
  if (is_grad_enabled() && value.requires_grad())
    fail("index_put_: an in-place write of an array that requires grad into "
         "one that does not would lose its gradient (shape ",
         format_shape(shape()),
         "); use npg::setitem instead, or wrap it in npg::NoGradGuard");
  const Target t = resolve(*this, index, "index_put_");
  const Array self = detach();
  const Array v = value.detach();
  Array result;
  if (!accumulate)
    result = replaced(self, t, index, v);
  else if (t.kind == Index::Kind::Array)
    result = npg::index_add(self, t.axis, index.indices(),
                            v.broadcast_to(t.shape).astype(dtype()), loc);
  else
    result = replaced(self, t, index, get(self, t, index) + v);
  return assign(result, loc);
}

Array &Array::index_put_(const Index &index, Scalar value, bool accumulate,
                         Loc loc) {
  return index_put_(index, detail::scalar(value, dtype()), accumulate, loc);
}

} // namespace npg
