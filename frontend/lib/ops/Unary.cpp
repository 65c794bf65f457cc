// Elementwise unary ops: each op's kernel, trace record and derivative
// together. Math
// functions of integer or bool arrays compute in float64, as numpy's do.
#include "Internal.h"
#include "Tracing.h"

#include <cmath>

namespace npg {

using detail::attach;
using detail::float_map;
using detail::needs_grad;
using detail::unary_map;

Array neg(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  if (x.dtype() == bool_)
    fail("The numpy boolean negative, the `-` operator, is not supported on "
         "bool arrays");
  Array y =
      unary_map(x, x.dtype(), []<class T>(T v) { return static_cast<T>(-v); });
  op.elementwise("npg.neg", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(
        y, "Neg", {x}, {},
        [](const Array &g, const BackwardContext &) -> Grads { return {-g}; });
  return y;
}

Array operator-(Operand a) { return neg(a.value, a.loc); }

Array exp(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Exp, []<class T>(T v) { return std::exp(v); });
  op.elementwise("npg.exp", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, "Exp", {x}, {y},
           [](const Array &g, const BackwardContext &c) -> Grads {
             return {g * c.saved[0]};
           });
  return y;
}

Array log(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Log, []<class T>(T v) { return std::log(v); });
  op.elementwise("npg.log", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, "Log", {x}, {x},
           [](const Array &g, const BackwardContext &c) -> Grads {
             return {g / c.saved[0]};
           });
  return y;
}

Array sqrt(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y = float_map(x, []<class T>(T v) { return std::sqrt(v); });
  op.elementwise("npg.sqrt", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, "Sqrt", {x}, {y},
           [](const Array &g, const BackwardContext &c) -> Grads {
             return {g / (c.saved[0] * 2)};
           });
  return y;
}

Array abs(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y = unary_map(x, x.dtype(), []<class T>(T v) {
    if constexpr (std::is_same_v<T, bool>)
      return v;
    else if constexpr (std::is_floating_point_v<T>)
      return std::fabs(v); // abs(-0.0) is +0.0
    else
      return static_cast<T>(v < 0 ? -v : v);
  });
  op.elementwise("npg.abs", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, "Abs", {x}, {x},
           [](const Array &g, const BackwardContext &c) -> Grads {
             return {g * npg::sign(c.saved[0])};
           });
  return y;
}

Array tanh(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Tanh, []<class T>(T v) { return std::tanh(v); });
  op.elementwise("npg.tanh", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, "Tanh", {x}, {y},
           [](const Array &g, const BackwardContext &c) -> Grads {
             const Array &t = c.saved[0];
             return {g * (1 - t * t)};
           });
  return y;
}

Array sigmoid(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  // Two branches so that exp never overflows.
  Array y = float_map(x, []<class T>(T v) {
    if (v >= 0)
      return T(1) / (T(1) + std::exp(-v));
    const T e = std::exp(v);
    return e / (T(1) + e);
  });
  op.elementwise("npg.sigmoid", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, "Sigmoid", {x}, {y},
           [](const Array &g, const BackwardContext &c) -> Grads {
             const Array &s = c.saved[0];
             return {g * s * (1 - s)};
           });
  return y;
}

Array relu(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y = unary_map(x, x.dtype(), []<class T>(T v) {
    if constexpr (std::is_same_v<T, bool>)
      return v;
    else // max(x, 0) as numpy and PyTorch: NaN stays NaN, -0.0 gives +0.0
      return v > T(0) || v != v ? v : T(0);
  });
  op.elementwise("npg.relu", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, "Relu", {x}, {x},
           [](const Array &g, const BackwardContext &c) -> Grads {
             return {g * (c.saved[0] > 0)};
           });
  return y;
}

Array sign(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y = unary_map(x, x.dtype(), []<class T>(T v) {
    if constexpr (std::is_same_v<T, bool>)
      return v;
    else if constexpr (std::is_floating_point_v<T>)
      return std::isnan(v) ? v : static_cast<T>((T(0) < v) - (v < T(0)));
    else
      return static_cast<T>((T(0) < v) - (v < T(0)));
  });
  op.elementwise("npg.sign", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, "Sign", {x}, {},
           [](const Array &g, const BackwardContext &) -> Grads {
             return {zeros_like(g)};
           });
  return y;
}

} // namespace npg
