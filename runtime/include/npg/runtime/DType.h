#pragma once
// Element types and numpy's type-promotion rules.
#include <cstdint>
#include <iosfwd>
#include <string_view>
#include <type_traits>

namespace npg {

enum class DType : std::uint8_t { Bool, Int32, Int64, Float32, Float64 };

inline constexpr DType bool_ = DType::Bool;
inline constexpr DType int32 = DType::Int32;
inline constexpr DType int64 = DType::Int64;
inline constexpr DType float32 = DType::Float32;
inline constexpr DType float64 = DType::Float64;

std::size_t itemsize(DType dtype);
std::string_view name(DType dtype);
std::ostream &operator<<(std::ostream &os, DType dtype);

constexpr bool is_floating(DType d) {
  return d == DType::Float32 || d == DType::Float64;
}
constexpr bool is_integer(DType d) {
  return d == DType::Int32 || d == DType::Int64;
}

/// numpy's np.promote_types for the dtypes npg has: int32 with float32 gives
/// float64, bool gives way to everything.
DType promote_types(DType a, DType b);

/// The dtype of a C++ element type.
template <class T> constexpr DType dtype_of() {
  if constexpr (std::is_same_v<T, bool>)
    return DType::Bool;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return DType::Int32;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return DType::Int64;
  else if constexpr (std::is_same_v<T, float>)
    return DType::Float32;
  else if constexpr (std::is_same_v<T, double>)
    return DType::Float64;
  else if constexpr (std::is_integral_v<T> && sizeof(T) <= 4)
    return DType::Int32;
  else if constexpr (std::is_integral_v<T>)
    return DType::Int64;
  else
    static_assert(std::is_floating_point_v<T>, "no npg dtype for this type");
  return DType::Float64;
}

/// Calls f(std::type_identity<T>{}) with T the C++ type of `dtype`.
template <class F> decltype(auto) visit(DType dtype, F &&f) {
  switch (dtype) {
  case DType::Bool:
    return f(std::type_identity<bool>{});
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

} // namespace npg
