#include "npg/runtime/Shape.h"

#include "npg/runtime/Error.h"

namespace npg {

std::int64_t numel(const Shape &shape) {
  std::int64_t n = 1;
  for (std::int64_t d : shape)
    n *= d;
  return n;
}

Strides contiguous_strides(const Shape &shape) {
  Strides strides(shape.size());
  std::int64_t s = 1;
  for (std::size_t i = shape.size(); i-- > 0;) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

std::string format_shape(const Shape &shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += ",";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1)
    s += ",";
  return s + ")";
}

Shape broadcast_shapes(const Shape &a, const Shape &b) {
  if (a == b)
    return a;
  const std::size_t n = std::max(a.size(), b.size());
  Shape out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const std::int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (da != db && da != 1 && db != 1)
      fail("operands could not be broadcast together with shapes ",
           format_shape(a), " ", format_shape(b));
    out[i] = da == 1 ? db : da;
  }
  return out;
}

Strides broadcast_strides(const Shape &shape, const Strides &strides,
                          const Shape &to) {
  Strides out(to.size(), 0);
  const std::size_t lead = to.size() - shape.size();
  for (std::size_t i = 0; i < shape.size(); ++i)
    out[lead + i] = shape[i] == 1 ? 0 : strides[i];
  return out;
}

std::int64_t normalize_axis(std::int64_t axis, std::int64_t ndim) {
  if (axis < -ndim || axis >= ndim)
    fail("axis ", axis, " is out of bounds for array of dimension ", ndim);
  return axis < 0 ? axis + ndim : axis;
}

std::vector<bool> Axes::mask(std::int64_t ndim) const {
  std::vector<bool> m(ndim, all());
  if (all())
    return m;
  for (std::int64_t axis : *axes_) {
    const std::int64_t a = normalize_axis(axis, ndim);
    if (m[a])
      fail("duplicate value in 'axis': ", axis);
    m[a] = true;
  }
  return m;
}

} // namespace npg
