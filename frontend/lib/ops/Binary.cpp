// Elementwise binary ops with numpy broadcasting: each op's kernel, trace
// record and derivative together. Gradients come back summed to each
// operand's shape.
#include "Internal.h"
#include "Tracing.h"

#include <cmath>

namespace npg {

using detail::attach;
using detail::binary_map;
using detail::lift;
using detail::needs_grad;
using detail::sum_to;
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
  op.elementwise("npg.add", {a, b}, dtype, out);
  if (needs_grad(a, b))
    attach(out, "Add", {a, b}, {},
           [](const Array &g, const BackwardContext &c) -> Grads {
             return {c.needs(0) ? sum_to(g, c.parents[0].shape()) : Array(),
                     c.needs(1) ? sum_to(g, c.parents[1].shape()) : Array()};
           });
  return out;
}

Array sub(const Array &a, const Array &b, Loc loc) {
  OpScope op(loc);
  refuse_bool(a, b, "subtract");
  const DType dtype = promote_types(a.dtype(), b.dtype());
  Array out = binary_map(
      a, b, dtype, []<class T>(T x, T y) { return static_cast<T>(x - y); });
  op.elementwise("npg.sub", {a, b}, dtype, out);
  if (needs_grad(a, b))
    attach(out, "Sub", {a, b}, {},
           [](const Array &g, const BackwardContext &c) -> Grads {
             return {c.needs(0) ? sum_to(g, c.parents[0].shape()) : Array(),
                     c.needs(1) ? sum_to(-g, c.parents[1].shape()) : Array()};
           });
  return out;
}

Array mul(const Array &a, const Array &b, Loc loc) {
  OpScope op(loc);
  const DType dtype = promote_types(a.dtype(), b.dtype());
  Array out = binary_map(
      a, b, dtype, []<class T>(T x, T y) { return static_cast<T>(x * y); });
  op.elementwise("npg.mul", {a, b}, dtype, out);
  if (needs_grad(a, b))
    attach(out, "Mul", {a, b}, {a, b},
           [](const Array &g, const BackwardContext &c) -> Grads {
             const Array &x = c.saved[0], &y = c.saved[1];
             return {c.needs(0) ? sum_to(g * y, x.shape()) : Array(),
                     c.needs(1) ? sum_to(g * x, y.shape()) : Array()};
           });
  return out;
}

Array div(const Array &a, const Array &b, Loc loc) {
  OpScope op(loc);
  const DType dtype = detail::float_dtype(promote_types(a.dtype(), b.dtype()));
  Array out = binary_map(a, b, dtype, []<class T>(T x, T y) { return x / y; });
  op.elementwise("npg.div", {a, b}, dtype, out);
  if (needs_grad(a, b))
    attach(out, "Div", {a, b}, {a, b},
           [](const Array &g, const BackwardContext &c) -> Grads {
             const Array &x = c.saved[0], &y = c.saved[1];
             return {c.needs(0) ? sum_to(g / y, x.shape()) : Array(),
                     c.needs(1) ? sum_to(-g * x / (y * y), y.shape())
                                : Array()};
           });
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
  op.elementwise("npg.pow", {a, b}, dtype, out);
  if (needs_grad(a, b))
    attach(out, "Pow", {a, b}, {a, b, out},
           [](const Array &g, const BackwardContext &c) -> Grads {
             const Array &x = c.saved[0], &y = c.saved[1], &z = c.saved[2];
             Array gx, gy;
             if (c.needs(0)) {
               // y * x^(y-1) with y - 1 in y's own dtype, as PyTorch computes
               // it; taken as 0 where y == 0 (0^0's slope, as PyTorch).
               const Array raw = y * npg::pow(x, y - 1);
               const Array slope =
                   binary_map(raw, y, raw.dtype(), []<class T>(T s, T yv) {
                     return yv == T(0) ? T(0) : s;
                   });
               gx = sum_to(g * slope, x.shape());
             }
             if (c.needs(1)) {
               // d/dy x^y = x^y log x, taken as 0 where x == 0 (as PyTorch
               // does).
               const Array zlogx =
                   binary_map(x, z, z.dtype(), []<class T>(T xv, T zv) {
                     return xv == T(0) ? T(0)
                                       : static_cast<T>(zv * std::log(xv));
                   });
               gy = sum_to(g * zlogx, y.shape());
             }
             return {gx, gy};
           });
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
Array compare(const Array &a, const Array &b, Cmp cmp, const char *predicate,
              Loc loc) {
  OpScope op(loc);
  const DType dtype = promote_types(a.dtype(), b.dtype());
  Array out = binary_map(a, b, dtype, [cmp]<class T>(T x, T y) {
    return static_cast<bool>(cmp(x, y));
  });
  op.elementwise("npg.compare", {a, b}, dtype, out,
                 {{"predicate", std::string(predicate)}});
  return out;
}
} // namespace

Array operator==(Operand a, const Array &b) {
  return compare(a.value, b, std::equal_to<>{}, "eq", a.loc);
}
Array operator!=(Operand a, const Array &b) {
  return compare(a.value, b, std::not_equal_to<>{}, "ne", a.loc);
}
Array operator<(Operand a, const Array &b) {
  return compare(a.value, b, std::less<>{}, "lt", a.loc);
}
Array operator<=(Operand a, const Array &b) {
  return compare(a.value, b, std::less_equal<>{}, "le", a.loc);
}
Array operator>(Operand a, const Array &b) {
  return compare(a.value, b, std::greater<>{}, "gt", a.loc);
}
Array operator>=(Operand a, const Array &b) {
  return compare(a.value, b, std::greater_equal<>{}, "ge", a.loc);
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
