// Elementwise binary ops with numpy broadcasting: each op's kernel, trace
// record and derivative together. Gradients come back summed to each
// operand's shape.
#include "autograd/EagerAlgebra.h"
#include "Internal.h"
#include "compile/Tracing.h"

#include <cmath>

namespace npg {

using detail::attach_rule;
using detail::binary_map;
using detail::lift;
using detail::needs_grad;
using detail::unary_map;
using tracing::OpScope;

namespace {

void refuse_bool(const Array &a, const Array &b, const char *op) {
  if (a.dtype() == bool_ && b.dtype() == bool_)
    fail("numpy boolean ", op,
         " is not supported on two bool arrays; use astype() first");
}

template <class T> T int_pow(T base, T exp) {
  if (exp < 0)
    fail("Integers to negative integer powers are not allowed.");
  T result = 1;
  for (; exp; exp >>= 1, base *= base)
    if (exp & 1)
      result *= base;
  return result;
}

} // namespace

Array add(const Array &a, const Array &b, Loc loc) {
  OpScope op(loc);
  const DType dtype = promote_types(a.dtype(), b.dtype());
  Array out = binary_map(
      a, b, dtype, []<class T>(T x, T y) { return static_cast<T>(x + y); });
  op.elementwise<ops::OpKind::Add>({a, b}, dtype, out);
  if (needs_grad(a, b))
    attach_rule<ops::OpKind::Add>(out, "Add", {a, b}, {});
  return out;
}

Array sub(const Array &a, const Array &b, Loc loc) {
  OpScope op(loc);
  refuse_bool(a, b, "subtract");
  const DType dtype = promote_types(a.dtype(), b.dtype());
  Array out = binary_map(
      a, b, dtype, []<class T>(T x, T y) { return static_cast<T>(x - y); });
  op.elementwise<ops::OpKind::Sub>({a, b}, dtype, out);
  if (needs_grad(a, b))
    attach_rule<ops::OpKind::Sub>(out, "Sub", {a, b}, {});
  return out;
}

Array mul(const Array &a, const Array &b, Loc loc) {
  OpScope op(loc);
  const DType dtype = promote_types(a.dtype(), b.dtype());
  Array out = binary_map(
      a, b, dtype, []<class T>(T x, T y) { return static_cast<T>(x * y); });
  op.elementwise<ops::OpKind::Mul>({a, b}, dtype, out);
  if (needs_grad(a, b))
    attach_rule<ops::OpKind::Mul>(out, "Mul", {a, b}, {});
  return out;
}

Array div(const Array &a, const Array &b, Loc loc) {
  OpScope op(loc);
  const DType dtype = detail::float_dtype(promote_types(a.dtype(), b.dtype()));
  Array out = binary_map(a, b, dtype, []<class T>(T x, T y) { return x / y; });
  op.elementwise<ops::OpKind::Div>({a, b}, dtype, out);
  if (needs_grad(a, b))
    attach_rule<ops::OpKind::Div>(out, "Div", {a, b}, {});
  return out;
}

namespace {

/// Whether a**b is a float square (b a 0-d 2): x*x then, the same value
/// std::pow gives at a fraction of its cost.
bool is_square(const Array &a, const Array &b, DType dtype) {
  if (b.ndim() != 0 || !is_floating(dtype) || b.dtype() != dtype ||
      a.dtype() != dtype)
    return false;
  return dtype == float32 ? *static_cast<const float *>(b.raw_data()) == 2.0f
                          : *static_cast<const double *>(b.raw_data()) == 2.0;
}

} // namespace

Array pow(const Array &a, const Array &b, Loc loc) {
  OpScope op(loc);
  const DType dtype = promote_types(a.dtype(), b.dtype());
  Array out =
      is_square(a, b, dtype)
          ? unary_map(a, dtype,
                      []<class T>(T x) { return static_cast<T>(x * x); })
          : binary_map(a, b, dtype, []<class T>(T x, T y) {
              if constexpr (std::is_floating_point_v<T>)
                return std::pow(x, y);
              else if constexpr (std::is_same_v<T, bool>)
                return static_cast<bool>(x || !y);
              else
                return int_pow(x, y);
            });
  op.elementwise<ops::OpKind::Pow>({a, b}, dtype, out);
  if (needs_grad(a, b))
    attach_rule<ops::OpKind::Pow>(out, "Pow", {a, b}, {});
  return out;
}

Array pow(const Array &a, Scalar b, Loc loc) { return pow(a, lift(b, a), loc); }
Array pow(Scalar a, const Array &b, Loc loc) { return pow(lift(a, b), b, loc); }

Array operator+(Operand a, const Array &b) { return add(a.value, b, a.loc); }
Array operator-(Operand a, const Array &b) { return sub(a.value, b, a.loc); }
Array operator*(Operand a, const Array &b) { return mul(a.value, b, a.loc); }
Array operator/(Operand a, const Array &b) { return div(a.value, b, a.loc); }
Array operator+(Operand a, Scalar b) {
  return add(a.value, lift(b, a.value), a.loc);
}
Array operator-(Operand a, Scalar b) {
  return sub(a.value, lift(b, a.value), a.loc);
}
Array operator*(Operand a, Scalar b) {
  return mul(a.value, lift(b, a.value), a.loc);
}
Array operator/(Operand a, Scalar b) {
  return div(a.value, lift(b, a.value), a.loc);
}
Array operator+(Scalar a, Operand b) {
  return add(lift(a, b.value), b.value, b.loc);
}
Array operator-(Scalar a, Operand b) {
  return sub(lift(a, b.value), b.value, b.loc);
}
Array operator*(Scalar a, Operand b) {
  return mul(lift(a, b.value), b.value, b.loc);
}
Array operator/(Scalar a, Operand b) {
  return div(lift(a, b.value), b.value, b.loc);
}

// --- Comparisons -------------------------------------------------------------

namespace {
template <class Cmp>
Array compare(const Array &a, const Array &b, Cmp cmp,
              ops::CompareMode predicate, Loc loc) {
  OpScope op(loc);
  const DType dtype = promote_types(a.dtype(), b.dtype());
  Array out = binary_map(a, b, dtype, [cmp]<class T>(T x, T y) {
    return static_cast<bool>(cmp(x, y));
  });
  op.elementwise<ops::OpKind::Compare>({a, b}, dtype, out, {predicate});
  return out;
}
} // namespace

Array operator==(Operand a, const Array &b) {
  return compare(a.value, b, std::equal_to<>{}, ops::CompareMode::eq, a.loc);
}
Array operator!=(Operand a, const Array &b) {
  return compare(a.value, b, std::not_equal_to<>{}, ops::CompareMode::ne,
                 a.loc);
}
Array operator<(Operand a, const Array &b) {
  return compare(a.value, b, std::less<>{}, ops::CompareMode::lt, a.loc);
}
Array operator<=(Operand a, const Array &b) {
  return compare(a.value, b, std::less_equal<>{}, ops::CompareMode::le, a.loc);
}
Array operator>(Operand a, const Array &b) {
  return compare(a.value, b, std::greater<>{}, ops::CompareMode::gt, a.loc);
}
Array operator>=(Operand a, const Array &b) {
  return compare(a.value, b, std::greater_equal<>{}, ops::CompareMode::ge,
                 a.loc);
}
Array operator==(Operand a, Scalar b) {
  return Operand(a.value, a.loc) == lift(b, a.value);
}
Array operator!=(Operand a, Scalar b) {
  return Operand(a.value, a.loc) != lift(b, a.value);
}
Array operator<(Operand a, Scalar b) {
  return Operand(a.value, a.loc) < lift(b, a.value);
}
Array operator<=(Operand a, Scalar b) {
  return Operand(a.value, a.loc) <= lift(b, a.value);
}
Array operator>(Operand a, Scalar b) {
  return Operand(a.value, a.loc) > lift(b, a.value);
}
Array operator>=(Operand a, Scalar b) {
  return Operand(a.value, a.loc) >= lift(b, a.value);
}

bool allclose(const Array &a, const Array &b, double rtol, double atol,
              bool equal_nan, Loc loc) {
  for (const Array *x : {&a, &b})
    check_host_read(*x, "allclose()", loc);
  OpScope op(loc); // one host-side query, not array ops to record
  const Array close = binary_map(a, b, float64, [=](double x, double y) {
    if (std::isnan(x) || std::isnan(y))
      return equal_nan && std::isnan(x) && std::isnan(y);
    if (x == y) // equal infinities
      return true;
    return std::abs(x - y) <= atol + rtol * std::abs(y);
  });
  return close.all().item<bool>();
}

bool array_equal(const Array &a, const Array &b, Loc loc) {
  for (const Array *x : {&a, &b})
    check_host_read(*x, "array_equal()", loc);
  OpScope op(loc);
  return a.shape() == b.shape() && (a == b).all().item<bool>();
}

} // namespace npg
