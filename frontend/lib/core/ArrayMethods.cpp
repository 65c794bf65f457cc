// Array methods for the ops of Math.cpp, Choice.cpp, Predicates.cpp,
// Statistics.cpp and Scan.cpp: each forwards to its free function.
#include "Internal.h"

namespace npg {

Array Array::sin(Loc loc) const { return npg::sin(*this, loc); }
Array Array::cos(Loc loc) const { return npg::cos(*this, loc); }
Array Array::tan(Loc loc) const { return npg::tan(*this, loc); }
Array Array::floor(Loc loc) const { return npg::floor(*this, loc); }
Array Array::ceil(Loc loc) const { return npg::ceil(*this, loc); }
Array Array::softplus(Loc loc) const { return npg::softplus(*this, loc); }
Array Array::gelu(Loc loc) const { return npg::gelu(*this, loc); }
Array Array::clip(std::optional<Scalar> lo, std::optional<Scalar> hi,
                  Loc loc) const {
  return npg::clip(*this, lo, hi, loc);
}
Array Array::maximum(const Array &other, Loc loc) const {
  return npg::maximum(*this, other, loc);
}
Array Array::minimum(const Array &other, Loc loc) const {
  return npg::minimum(*this, other, loc);
}
Array Array::isnan(Loc loc) const { return npg::isnan(*this, loc); }
Array Array::isinf(Loc loc) const { return npg::isinf(*this, loc); }
Array Array::isfinite(Loc loc) const { return npg::isfinite(*this, loc); }

Array Array::prod(Axes axis, bool keepdims, Loc loc) const {
  return npg::prod(*this, std::move(axis), keepdims, loc);
}
Array Array::argmax(std::optional<std::int64_t> axis, bool keepdims,
                    Loc loc) const {
  return npg::argmax(*this, axis, keepdims, loc);
}
Array Array::argmin(std::optional<std::int64_t> axis, bool keepdims,
                    Loc loc) const {
  return npg::argmin(*this, axis, keepdims, loc);
}
Array Array::var(Axes axis, std::int64_t ddof, bool keepdims, Loc loc) const {
  return npg::var(*this, std::move(axis), ddof, keepdims, loc);
}
Array Array::std(Axes axis, std::int64_t ddof, bool keepdims, Loc loc) const {
  return npg::std(*this, std::move(axis), ddof, keepdims, loc);
}
Array Array::logsumexp(Axes axis, bool keepdims, Loc loc) const {
  return npg::logsumexp(*this, std::move(axis), keepdims, loc);
}
Array Array::softmax(std::int64_t axis, Loc loc) const {
  return npg::softmax(*this, axis, loc);
}
Array Array::log_softmax(std::int64_t axis, Loc loc) const {
  return npg::log_softmax(*this, axis, loc);
}
Array Array::cumsum(std::optional<std::int64_t> axis, Loc loc) const {
  return npg::cumsum(*this, axis, loc);
}
Array Array::cumprod(std::optional<std::int64_t> axis, Loc loc) const {
  return npg::cumprod(*this, axis, loc);
}

} // namespace npg
