// Array methods for the ops of LinearAlgebra.cpp and Join.cpp: each forwards
// to its free function.
#include "Internal.h"

namespace npg {

Array Array::dot(const Array &other, Loc loc) const {
  return npg::dot(*this, other, loc);
}
Array Array::norm(std::optional<double> ord, Axes axis, bool keepdims,
                  Loc loc) const {
  return npg::norm(*this, ord, std::move(axis), keepdims, loc);
}
Array Array::diagonal(std::int64_t offset, std::int64_t axis1,
                      std::int64_t axis2, Loc loc) const {
  return npg::diagonal(*this, offset, axis1, axis2, loc);
}
Array Array::trace(std::int64_t offset, std::int64_t axis1, std::int64_t axis2,
                   Loc loc) const {
  return npg::trace(*this, offset, axis1, axis2, loc);
}
Array Array::repeat(std::int64_t repeats, std::optional<std::int64_t> axis,
                    Loc loc) const {
  return npg::repeat(*this, repeats, axis, loc);
}
Array Array::triu(std::int64_t k, Loc loc) const {
  return npg::triu(*this, k, loc);
}
Array Array::tril(std::int64_t k, Loc loc) const {
  return npg::tril(*this, k, loc);
}

std::vector<Array> Array::split(std::int64_t sections, std::int64_t axis,
                                Loc loc) const {
  return npg::split(*this, sections, axis, loc);
}
std::vector<Array> Array::split(std::vector<std::int64_t> indices,
                                std::int64_t axis, Loc loc) const {
  return npg::split(*this, std::move(indices), axis, loc);
}

} // namespace npg
