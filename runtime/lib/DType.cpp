#include "npg/runtime/DType.h"

#include "npg/runtime/Scalar.h"

#include <ostream>

namespace npg {

std::size_t itemsize(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return 1;
  case DType::Int32:
  case DType::Float32:
    return 4;
  case DType::Int64:
  case DType::Float64:
    break;
  }
  return 8;
}

std::string_view name(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return "bool";
  case DType::Int32:
    return "int32";
  case DType::Int64:
    return "int64";
  case DType::Float32:
    return "float32";
  case DType::Float64:
    break;
  }
  return "float64";
}

std::ostream &operator<<(std::ostream &os, DType dtype) {
  return os << name(dtype);
}

DType promote_types(DType a, DType b) {
  if (a == b)
    return a;
  if (a == DType::Bool)
    return b;
  if (b == DType::Bool)
    return a;
  // A 32-bit float cannot hold every int32 or int64, so numpy widens to
  // float64; otherwise the wider of two same-kind types wins.
  if (is_integer(a) != is_integer(b)) {
    DType f = is_floating(a) ? a : b;
    return f == DType::Float32 ? DType::Float64 : f;
  }
  return a > b ? a : b;
}

DType Scalar::promote_with(DType array_dtype) const {
  if (kind_ == DType::Float64)
    return npg::is_floating(array_dtype) ? array_dtype : DType::Float64;
  if (kind_ == DType::Int64)
    return array_dtype == DType::Bool ? DType::Int64 : array_dtype;
  return array_dtype;
}

std::ostream &operator<<(std::ostream &os, const Scalar &s) {
  if (s.kind_ == DType::Float64)
    return os << s.float_;
  if (s.kind_ == DType::Bool)
    return os << (s.int_ ? "True" : "False");
  return os << s.int_;
}

} // namespace npg
