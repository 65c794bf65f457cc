#pragma once
// A C++ number given where an array could stand (a + 2.0, full(shape, 7)).
// Scalars are "weak" in type promotion, as Python numbers are in numpy: a
// float32 array times 2.0 stays float32.
#include "npg/runtime/DType.h"

#include <concepts>
#include <cstdint>
#include <iosfwd>
#include <type_traits>

namespace npg {

class Scalar {
public:
  template <class T>
  requires std::is_arithmetic_v<T> Scalar(T value) {
    if constexpr (std::is_same_v<T, bool>) {
      kind_ = DType::Bool;
      int_ = value;
    } else if constexpr (std::is_integral_v<T>) {
      kind_ = DType::Int64;
      int_ = static_cast<std::int64_t>(value);
    } else {
      kind_ = DType::Float64;
      float_ = static_cast<double>(value);
    }
  }

  /// Bool, Int64 or Float64: the dtype numpy gives this number on its own.
  DType dtype() const { return kind_; }
  bool is_floating() const { return kind_ == DType::Float64; }

  template <class T> T to() const {
    return kind_ == DType::Float64 ? static_cast<T>(float_)
                                   : static_cast<T>(int_);
  }

  /// The dtype of `array_dtype op scalar` under numpy's weak-scalar rule.
  DType promote_with(DType array_dtype) const;

  friend std::ostream &operator<<(std::ostream &os, const Scalar &s);

private:
  DType kind_ = DType::Int64;
  std::int64_t int_ = 0;
  double float_ = 0;
};

} // namespace npg
