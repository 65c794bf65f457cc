#include "autograd/EagerAlgebra.h"

#include "compile/Tracing.h"

namespace npg::detail {

Array in_result_dtype(const Array &x, const Array &out) {
  if (!is_floating(x.dtype()) || !is_floating(out.dtype()) ||
      x.dtype() == out.dtype())
    return x;
  Array cast = x.detach().astype(out.dtype());
  tracing::derived(cast, x);
  return cast;
}

Array EagerAlgebra::x(int i) const {
  if (!(uses_.operands >> i & 1U))
    fail("internal error: a derivative rule read operand ", i,
         " of an op whose Rule::uses does not list it");
  int index = 0;
  for (int j = 0; j < i; ++j)
    index += static_cast<int>(uses_.operands >> j & 1U);
  return (*saved_)[index];
}

Array EagerAlgebra::y() const {
  if (!uses_.result)
    fail("internal error: a derivative rule read the result of an op whose "
         "Rule::uses does not list it");
  return saved_->back();
}

Array EagerAlgebra::compare(ops::CompareMode mode, const Array &a,
                            const Array &b) const {
  switch (mode) {
  case ops::CompareMode::eq:
    return a == b;
  case ops::CompareMode::ne:
    return a != b;
  case ops::CompareMode::lt:
    return a < b;
  case ops::CompareMode::le:
    return a <= b;
  case ops::CompareMode::gt:
    return a > b;
  case ops::CompareMode::ge:
    break;
  }
  return a >= b;
}

Array EagerAlgebra::reduce_sum(const Array &v,
                               const std::vector<std::int64_t> &axes,
                               bool keepdims) const {
  return axes.empty() ? v : npg::sum(v, axes, keepdims);
}

Array EagerAlgebra::reduce_max(const Array &v,
                               const std::vector<std::int64_t> &axes,
                               bool keepdims) const {
  return axes.empty() ? v : npg::max(v, axes, keepdims);
}

Array EagerAlgebra::reduce_prod(const Array &v,
                                const std::vector<std::int64_t> &axes,
                                bool keepdims) const {
  return axes.empty() ? v : npg::prod(v, axes, keepdims);
}

Array EagerAlgebra::broadcast_in_dim(
    const Array &v, const Shape &shape,
    const std::vector<std::int64_t> &dims) const {
  if (v.shape() == shape)
    return v;
  // v's dimensions in place, 1 elsewhere, then numpy's broadcast.
  Shape placed(shape.size(), 1);
  for (std::size_t i = 0; i < dims.size(); ++i)
    placed[dims[i]] = v.shape()[i];
  return npg::broadcast_to(reshape(v, placed), shape);
}

namespace {
/// The Python slice of a normalised range on one axis: a negative step's
/// limit of -1 means "through index 0", which Python spells as no stop.
Array slice_axis(const Array &v, std::int64_t axis, std::int64_t start,
                 std::int64_t limit, std::int64_t step) {
  return v.slice(axis, start,
                 step < 0 && limit < 0 ? std::nullopt
                                       : std::optional<std::int64_t>(limit),
                 step);
}
} // namespace

Array EagerAlgebra::slice(const Array &v,
                          const std::vector<std::int64_t> &starts,
                          const std::vector<std::int64_t> &limits,
                          const std::vector<std::int64_t> &steps) const {
  Array out = v;
  for (std::size_t d = 0; d < starts.size(); ++d)
    out = slice_axis(out, static_cast<std::int64_t>(d), starts[d], limits[d],
                     steps[d]);
  return out;
}

Array EagerAlgebra::insert_slice(const Array &source, const Array &dest,
                                 const std::vector<std::int64_t> &starts,
                                 const std::vector<std::int64_t> &limits,
                                 const std::vector<std::int64_t> &steps) const {
  // One op in a trace: the write into a slice of the copy below is not the
  // outermost call, and records nothing of its own.
  const tracing::OpScope op(Loc::current());
  Array out = copy_data(dest);
  Array part = slice(out, starts, limits, steps);
  part.assign(source);
  if (tracing::Recorder *rec = op.recorder())
    op.record_values<ops::OpKind::InsertSlice>(
        {rec->operand(source, part.shape(), out.dtype(), op.loc()),
         rec->value(dest)},
        out, {starts, limits, steps});
  return out;
}

} // namespace npg::detail
