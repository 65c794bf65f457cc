#pragma once
// Factory functions, numpy's names; dtypes default as numpy's do (float64 for
// floating data and for zeros/ones/full with floats, int64 for integers).
#include "npg/Array.h"

#include <initializer_list>
#include <vector>

namespace npg {

namespace detail {
Array array_from(const void *data, DType source, Shape shape, Options options);

template <class T, class V>
requires std::is_arithmetic_v<V>
void flatten_into(std::vector<T> &out, const V &v) {
  out.push_back(static_cast<T>(v));
}
template <class T, class U>
void flatten_into(std::vector<T> &out, std::initializer_list<U> list) {
  for (const U &item : list)
    flatten_into(out, item);
}
template <class T> void shape_of(Shape &, std::size_t, const T &) {}
template <class U>
void shape_of(Shape &shape, std::size_t depth, std::initializer_list<U> list) {
  if (shape.size() <= depth)
    shape.push_back(static_cast<std::int64_t>(list.size()));
  else if (shape[depth] != static_cast<std::int64_t>(list.size()))
    fail("setting an array element with a sequence. The requested array has "
         "an inhomogeneous shape after ",
         depth, " dimensions: a list of ", list.size(),
         " elements beside one of ", shape[depth]);
  for (const U &item : list)
    shape_of(shape, depth + 1, item);
}
template <class T, class List>
Array array_from_list(const List &list, Options o) {
  Shape shape;
  shape_of(shape, 0, list);
  std::vector<T> flat;
  flatten_into(flat, list);
  if constexpr (std::is_same_v<T, bool>) {
    std::vector<unsigned char> bytes(flat.begin(), flat.end());
    return array_from(bytes.data(), DType::Bool, shape, o);
  } else {
    return array_from(flat.data(), dtype_of<T>(), shape, o);
  }
}
/// Python's default dtype for a C++ element type: int64 for integers.
template <class T>
using Widened =
    std::conditional_t<std::is_integral_v<T> && !std::is_same_v<T, bool>,
                       std::int64_t, T>;
} // namespace detail

/// A 0-d array.
template <class T>
requires std::is_arithmetic_v<T> Array array(T value, Options options = {}) {
  return detail::array_from_list<detail::Widened<T>>(
      static_cast<detail::Widened<T>>(value), options);
}
/// Nested lists: array({1.0, 2.0}), array({{1.0, 2.0}, {3.0, 4.0}}, true).
template <class T>
Array array(std::initializer_list<T> data, Options options = {}) {
  return detail::array_from_list<detail::Widened<T>>(data, options);
}
template <class T>
Array array(std::initializer_list<std::initializer_list<T>> data,
            Options options = {}) {
  return detail::array_from_list<detail::Widened<T>>(data, options);
}
template <class T>
Array array(
    std::initializer_list<std::initializer_list<std::initializer_list<T>>> data,
    Options options = {}) {
  return detail::array_from_list<detail::Widened<T>>(data, options);
}
/// Flat data and a shape; the dtype is T's unless options say otherwise.
template <class T>
Array array(const std::vector<T> &data, Shape shape, Options options = {}) {
  if (static_cast<std::int64_t>(data.size()) != numel(shape))
    fail("cannot make an array of shape ", format_shape(shape), " from ",
         data.size(), " elements");
  if constexpr (std::is_same_v<T, bool>) {
    std::vector<unsigned char> bytes(data.begin(), data.end());
    return detail::array_from(bytes.data(), DType::Bool, shape, options);
  } else {
    return detail::array_from(data.data(), dtype_of<T>(), shape, options);
  }
}

Array empty(Shape shape, Options options = {});
Array zeros(Shape shape, Options options = {});
Array ones(Shape shape, Options options = {});
/// The dtype is the value's (float64 for 7.0, int64 for 7) unless given.
Array full(Shape shape, Scalar value, Options options = {});
/// Values in [start, stop) by step; int64 for integer arguments.
Array arange(Scalar stop, Options options = {});
Array arange(Scalar start, Scalar stop, Scalar step = 1, Options options = {});
/// `num` evenly spaced values from start to stop inclusive.
Array linspace(double start, double stop, std::int64_t num = 50,
               Options options = {});
Array eye(std::int64_t n, Options options = {});
Array eye(std::int64_t n, std::int64_t m, Options options);
/// An n x m identity. M excludes bool, so that eye(3, true) means
/// requires_grad rather than a 3 x 1 matrix.
template <std::integral M>
requires(!std::same_as<M, bool>) Array
    eye(std::int64_t n, M m, Options options = {}) {
  return eye(n, static_cast<std::int64_t>(m), options);
}

/// The *_like functions take x's shape and, unless given, its dtype.
Array empty_like(const Array &x, Options options = {});
Array zeros_like(const Array &x, Options options = {});
Array ones_like(const Array &x, Options options = {});
Array full_like(const Array &x, Scalar value, Options options = {});

} // namespace npg
