// Shape ops: views of the input's storage where numpy gives views, each with
// its derivative (which undoes the view on the gradient).
#include "Internal.h"

#include <algorithm>
#include <numeric>

namespace npg {

using detail::attach;
using detail::needs_grad;

namespace {

/// Records that `y` is a view of `x` whose gradient maps back by `back`.
template <class Back> Array viewed(Array y, const Array &x, std::string_view name, Back back) {
  if (needs_grad(x))
    attach(y, name, {x}, {}, [back](const Array &g, const BackwardContext &c) -> Grads {
      return {back(g, c.parents[0])};
    });
  return y;
}

Shape resolve_shape(const Array &x, Shape shape) {
  std::int64_t known = 1, unknown = -1;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      if (unknown >= 0)
        fail("can only specify one unknown dimension, got shape ", format_shape(shape));
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
    fail("cannot reshape array of size ", x.size(), " into shape ", format_shape(shape));
  return shape;
}

Array permuted(const Array &x, const std::vector<std::int64_t> &axes, std::string_view name) {
  if (static_cast<std::int64_t>(axes.size()) != x.ndim())
    fail("axes don't match array: ", axes.size(), " axes given for an array of dimension ", x.ndim());
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
  std::vector<std::int64_t> inverse(perm.size());
  for (std::size_t i = 0; i < perm.size(); ++i)
    inverse[perm[i]] = static_cast<std::int64_t>(i);
  return viewed(detail::view(x, shape, strides, x.offset()), x, name,
                [inverse](const Array &g, const Array &) { return npg::permute(g, inverse); });
}

/// Writes g into a zero array of x's shape through the view `place` makes.
template <class Place> Array scatter_into_zeros(const Array &g, const Array &x, Place place) {
  Array out = zeros(x.shape(), g.dtype());
  place(out).assign(g);
  return out;
}

} // namespace

Array reshape(const Array &x, Shape shape) {
  shape = resolve_shape(x, std::move(shape));
  const Array c = x.is_contiguous() ? x : detail::copy_data(x);
  return viewed(detail::view(c, shape, contiguous_strides(shape), c.offset()), x, "Reshape",
                [](const Array &g, const Array &p) { return npg::reshape(g, p.shape()); });
}

Array flatten(const Array &x) { return reshape(x, {-1}); }

Array transpose(const Array &x) {
  std::vector<std::int64_t> axes(x.ndim());
  std::iota(axes.rbegin(), axes.rend(), 0);
  return permuted(x, axes, "Transpose");
}

Array transpose(const Array &x, std::vector<std::int64_t> axes) {
  return permuted(x, axes, "Transpose");
}

Array permute(const Array &x, std::vector<std::int64_t> axes) {
  return permuted(x, axes, "Permute");
}

Array swapaxes(const Array &x, std::int64_t axis1, std::int64_t axis2) {
  std::vector<std::int64_t> axes(x.ndim());
  std::iota(axes.begin(), axes.end(), 0);
  std::swap(axes[normalize_axis(axis1, x.ndim())], axes[normalize_axis(axis2, x.ndim())]);
  return permuted(x, axes, "Transpose");
}

Array squeeze(const Array &x, Axes axis) {
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
  return viewed(detail::view(x, shape, strides, x.offset()), x, "Squeeze",
                [](const Array &g, const Array &p) { return npg::reshape(g, p.shape()); });
}

Array unsqueeze(const Array &x, std::int64_t axis) {
  const std::int64_t a = normalize_axis(axis, x.ndim() + 1);
  Shape shape = x.shape();
  Strides strides = x.strides();
  const std::int64_t stride = a < x.ndim() ? x.strides()[a] * x.shape()[a] : 1;
  shape.insert(shape.begin() + a, 1);
  strides.insert(strides.begin() + a, stride);
  return viewed(detail::view(x, shape, strides, x.offset()), x, "Unsqueeze",
                [](const Array &g, const Array &p) { return npg::reshape(g, p.shape()); });
}

Array slice(const Array &x, std::int64_t axis, std::optional<std::int64_t> start,
            std::optional<std::int64_t> stop, std::int64_t step) {
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
  const std::int64_t len =
      step > 0 ? std::max<std::int64_t>(0, (e - b + step - 1) / step)
               : std::max<std::int64_t>(0, (b - e - step - 1) / -step);
  Shape shape = x.shape();
  Strides strides = x.strides();
  shape[ax] = len;
  strides[ax] *= step;
  const std::int64_t offset = x.offset() + (len > 0 ? b * x.strides()[ax] : 0);
  return viewed(detail::view(x, shape, strides, offset), x, "Slice",
                [=](const Array &g, const Array &p) {
                  return scatter_into_zeros(g, p, [&](const Array &z) {
                    return z.slice(ax, start, stop, step);
                  });
                });
}

Array select(const Array &x, std::int64_t axis, std::int64_t index) {
  const std::int64_t ax = normalize_axis(axis, x.ndim());
  const std::int64_t n = x.shape()[ax];
  if (index < -n || index >= n)
    fail("index ", index, " is out of bounds for axis ", ax, " with size ", n);
  const std::int64_t i = index < 0 ? index + n : index;
  Shape shape = x.shape();
  Strides strides = x.strides();
  shape.erase(shape.begin() + ax);
  strides.erase(strides.begin() + ax);
  return viewed(detail::view(x, shape, strides, x.offset() + i * x.strides()[ax]), x, "Select",
                [=](const Array &g, const Array &p) {
                  return scatter_into_zeros(g, p, [&](const Array &z) { return z.select(ax, i); });
                });
}

Array broadcast_to(const Array &x, Shape shape) {
  bool ok = shape.size() >= x.shape().size();
  for (std::size_t i = 0; ok && i < x.shape().size(); ++i) {
    const std::int64_t from = x.shape()[i];
    ok = from == 1 || from == shape[shape.size() - x.shape().size() + i];
  }
  if (!ok)
    fail("operands could not be broadcast together with remapped shapes "
         "[original->remapped]: ",
         format_shape(x.shape()), " and requested shape ", format_shape(shape));
  Strides strides = broadcast_strides(x.shape(), x.strides(), shape);
  return viewed(detail::view(x, shape, strides, x.offset()), x, "BroadcastTo",
                [](const Array &g, const Array &p) { return detail::sum_to(g, p.shape()); });
}

Array contiguous(const Array &x) { return x.is_contiguous() ? x : copy(x); }

Array copy(const Array &x) {
  Array y = detail::copy_data(x);
  if (needs_grad(x))
    attach(y, "Copy", {x}, {}, [](const Array &g, const BackwardContext &) -> Grads {
      return {g};
    });
  return y;
}

} // namespace npg
