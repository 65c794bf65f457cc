#pragma once
// Shapes, strides (in elements), broadcasting and axis normalisation.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace npg {

using Shape = std::vector<std::int64_t>;
using Strides = std::vector<std::int64_t>;

/// The number of elements of `shape` (1 for a 0-d shape).
std::int64_t numel(const Shape &shape);
/// Row-major strides for `shape`.
Strides contiguous_strides(const Shape &shape);
/// numpy's tuple spelling: "(2,3)", "(4,)", "()".
std::string format_shape(const Shape &shape);

/// numpy's broadcast of two shapes; throws npg::Error naming both.
Shape broadcast_shapes(const Shape &a, const Shape &b);
/// Strides that read an array of `shape`/`strides` as if broadcast to `to`
/// (0 on broadcast axes). `to` must be a broadcast of `shape`.
Strides broadcast_strides(const Shape &shape, const Strides &strides,
                          const Shape &to);

/// `axis` in [-ndim, ndim) mapped to [0, ndim); throws numpy's AxisError text.
std::int64_t normalize_axis(std::int64_t axis, std::int64_t ndim);

/// An axis argument: one axis, several, or none given (meaning all axes).
class Axes {
public:
  Axes() = default;
  Axes(std::int64_t axis) : axes_{{axis}} {}
  Axes(int axis) : axes_{{axis}} {}
  Axes(std::initializer_list<std::int64_t> axes) : axes_(axes) {}
  Axes(std::vector<std::int64_t> axes) : axes_(std::move(axes)) {}

  bool all() const { return !axes_.has_value(); }
  /// The axes as a mask over `ndim` dimensions; throws on out-of-range or
  /// repeated axes.
  std::vector<bool> mask(std::int64_t ndim) const;

private:
  std::optional<std::vector<std::int64_t>> axes_;
};

} // namespace npg
