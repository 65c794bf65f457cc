#pragma once
// An array seen as rows ("lanes") along some of its axes: those axes moved to
// the end and the elements copied contiguously, so that kernels which scan
// along an axis (products, arg-extrema, running sums) are plain loops over
// rows.
#include "Internal.h"

#include <vector>

namespace npg::detail {

/// visit() for kernels that do arithmetic: bool is not a dtype they run in.
template <class F> decltype(auto) visit_numeric(DType dtype, F &&f) {
  switch (dtype) {
  case DType::Bool:
    fail("internal error: an arithmetic kernel was given bool");
  case DType::Int32:
    return f(std::type_identity<std::int32_t>{});
  case DType::Int64:
    return f(std::type_identity<std::int64_t>{});
  case DType::Float32:
    return f(std::type_identity<float>{});
  case DType::Float64:
    break;
  }
  return f(std::type_identity<double>{});
}

struct Lanes {
  /// Contiguous, shape: x's other axes, then the moved ones.
  Array rows;
  /// Axis i of `rows` is axis perm[i] of x.
  std::vector<std::int64_t> perm;
  /// Elements per row (the product of the moved axes) and rows.
  std::int64_t count = 1;
  std::int64_t n_rows = 1;
};

/// x's elements as `dtype`, with the axes where `moved` is true placed last.
inline Lanes to_lanes(const Array &x, const std::vector<bool> &moved,
                      DType dtype) {
  Lanes l;
  for (int pass = 0; pass < 2; ++pass)
    for (std::int64_t i = 0; i < x.ndim(); ++i)
      if (moved[i] == (pass == 1))
        l.perm.push_back(i);
  Shape shape;
  Strides strides;
  for (std::int64_t i : l.perm) {
    shape.push_back(x.shape()[i]);
    strides.push_back(x.strides()[i]);
    (moved[i] ? l.count : l.n_rows) *= x.shape()[i];
  }
  l.rows = unary_map(view(x, shape, strides, x.offset()), dtype,
                     []<class T>(T v) { return v; });
  return l;
}

/// `rows` (shaped as l.rows, any dtype) in x's axis order, contiguous.
inline Array from_lanes(const Array &rows, const Lanes &l) {
  Shape shape(l.perm.size());
  Strides strides(l.perm.size());
  for (std::size_t i = 0; i < l.perm.size(); ++i) {
    shape[l.perm[i]] = rows.shape()[i];
    strides[l.perm[i]] = rows.strides()[i];
  }
  return copy_data(view(rows, shape, strides, rows.offset()));
}

} // namespace npg::detail
