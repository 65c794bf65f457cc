// Factory functions and the two primitives every array comes from:
// detail::empty (fresh storage) and detail::view (shared storage).
#include "Internal.h"

#include <cmath>
#include <cstring>
#include <limits>

#include <atomic>

namespace npg {

std::uint64_t next_array_serial() {
  static std::atomic<std::uint64_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed);
}

namespace detail {

Array empty(const Shape &shape, DType dtype) {
  if (shape.size() > 64)
    fail("maximum supported dimension for an array is 64, found ",
         shape.size());
  std::int64_t n = 1;
  const auto limit = std::numeric_limits<std::int64_t>::max() /
                     static_cast<std::int64_t>(itemsize(dtype));
  for (std::int64_t d : shape) {
    if (d < 0)
      fail("negative dimensions are not allowed: shape ", format_shape(shape));
    if (d != 0 && n > limit / d)
      fail("array is too big: shape ", format_shape(shape), " of dtype ", dtype,
           " has more bytes than can be addressed");
    n *= d;
  }
  const std::size_t nbytes = static_cast<std::size_t>(n) * itemsize(dtype);
  auto impl = std::make_shared<ArrayImpl>();
  try {
    impl->storage = Storage::allocate(nbytes);
  } catch (const Error &) {
    fail("Unable to allocate ", static_cast<double>(nbytes) / (1 << 30),
         " GiB for an array with shape ", format_shape(shape),
         " and data type ", dtype);
  }
  impl->shape = shape;
  impl->strides = contiguous_strides(shape);
  impl->dtype = dtype;
  return Array(std::move(impl));
}

Array view(const Array &x, Shape shape, Strides strides, std::int64_t offset) {
  auto impl = std::make_shared<ArrayImpl>();
  impl->storage = x.impl()->storage;
  impl->shape = std::move(shape);
  impl->strides = std::move(strides);
  impl->offset = offset;
  impl->dtype = x.dtype();
  return Array(std::move(impl));
}

void check_representable(Scalar value, DType dtype) {
  if (!value.is_floating() || !is_integer(dtype))
    return;
  const double v = value.to<double>();
  if (std::isnan(v))
    fail("cannot convert float NaN to integer (", dtype, ")");
  if (std::isinf(v))
    fail("cannot convert float infinity to integer (", dtype, ")");
  const double lo = dtype == int32 ? 0x1p31 : 0x1p63;
  if (!(v >= -lo && v < lo))
    fail("float ", v, " is out of bounds for ", dtype);
}

Array scalar(Scalar value, DType dtype) {
  check_representable(value, dtype);
  Array out = empty({}, dtype);
  visit(dtype, [&]<class T>(std::type_identity<T>) {
    *static_cast<T *>(out.raw_data()) = value.to<T>();
  });
  return out;
}

Array array_from(const void *data, DType source, Shape shape, Options options) {
  Array out = empty(shape, source);
  if (out.nbytes() > 0) // an empty array's data (and `data`) may be null
    std::memcpy(out.raw_data(), data, out.nbytes());
  if (options.dtype && *options.dtype != source)
    out = out.astype(*options.dtype);
  if (options.requires_grad)
    out.requires_grad_(true);
  return out;
}

} // namespace detail

namespace {
Array finish(Array a, const Options &options) {
  if (options.requires_grad)
    a.requires_grad_(true);
  return a;
}
} // namespace

Array empty(Shape shape, Options options) {
  return finish(detail::empty(shape, options.dtype.value_or(float64)), options);
}

Array zeros(Shape shape, Options options) {
  Array a = detail::empty(shape, options.dtype.value_or(float64));
  std::memset(a.raw_data(), 0, a.nbytes());
  return finish(a, options);
}

Array ones(Shape shape, Options options) {
  return full(shape, 1,
              options.dtype ? options
                            : Options(float64, options.requires_grad));
}

Array full(Shape shape, Scalar value, Options options) {
  const DType dtype = options.dtype.value_or(value.dtype());
  detail::check_representable(value, dtype);
  Array a = detail::empty(shape, dtype);
  visit(a.dtype(), [&]<class T>(std::type_identity<T>) {
    T *p = static_cast<T *>(a.raw_data());
    std::fill(p, p + a.size(), value.to<T>());
  });
  return finish(a, options);
}

Array arange(Scalar stop, Options options) {
  return arange(0, stop, 1, options);
}

Array arange(Scalar start, Scalar stop, Scalar step, Options options) {
  const bool floating =
      start.is_floating() || stop.is_floating() || step.is_floating();
  const DType dtype = options.dtype.value_or(floating ? float64 : int64);
  const double s = step.to<double>();
  if (s == 0)
    fail("arange: step must not be zero");
  const double count = std::ceil((stop.to<double>() - start.to<double>()) / s);
  // numpy's errors; casting NaN or a count beyond int64 would be undefined.
  if (std::isnan(count))
    fail("arange: cannot compute length (start=", start.to<double>(),
         ", stop=", stop.to<double>(), ", step=", s, ")");
  if (count >= 0x1p63)
    fail("Maximum allowed size exceeded: arange(", start.to<double>(), ", ",
         stop.to<double>(), ", ", s, ") would have ", count, " elements");
  const auto n = static_cast<std::int64_t>(std::max(0.0, count));
  Array a = detail::empty({n}, dtype);
  visit(dtype, [&]<class T>(std::type_identity<T>) {
    T *p = static_cast<T *>(a.raw_data());
    for (std::int64_t i = 0; i < n; ++i)
      p[i] = floating ? static_cast<T>(start.to<double>() + i * s)
                      : static_cast<T>(start.to<std::int64_t>() +
                                       i * step.to<std::int64_t>());
  });
  return finish(a, options);
}

Array linspace(double start, double stop, std::int64_t num, Options options) {
  if (num < 0)
    fail("linspace: number of samples, ", num, ", must be non-negative");
  Array a = detail::empty({num}, float64);
  double *p = static_cast<double *>(a.raw_data());
  const double step =
      num > 1 ? (stop - start) / static_cast<double>(num - 1) : 0;
  for (std::int64_t i = 0; i < num; ++i)
    p[i] = start + static_cast<double>(i) * step;
  if (num > 1)
    p[num - 1] = stop;
  if (options.dtype && *options.dtype != float64)
    a = a.astype(*options.dtype);
  return finish(a, options);
}

Array eye(std::int64_t n, Options options) { return eye(n, n, options); }

Array eye(std::int64_t n, std::int64_t m, Options options) {
  Array a = zeros({n, m}, options.dtype.value_or(float64));
  visit(a.dtype(), [&]<class T>(std::type_identity<T>) {
    T *p = static_cast<T *>(a.raw_data());
    for (std::int64_t i = 0; i < std::min(n, m); ++i)
      p[i * m + i] = T(1);
  });
  return finish(a, options);
}

namespace {
Options like(const Array &x, Options options) {
  if (!options.dtype)
    options.dtype = x.dtype();
  return options;
}
} // namespace

Array empty_like(const Array &x, Options o) {
  return empty(x.shape(), like(x, o));
}
Array zeros_like(const Array &x, Options o) {
  return zeros(x.shape(), like(x, o));
}
Array ones_like(const Array &x, Options o) {
  return ones(x.shape(), like(x, o));
}
Array full_like(const Array &x, Scalar value, Options o) {
  return full(x.shape(), value, like(x, o));
}

} // namespace npg
