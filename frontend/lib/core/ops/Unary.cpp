// Elementwise unary ops: each op's kernel, trace record and derivative
// together. Math
// functions of integer or bool arrays compute in float64, as numpy's do.
#include "autograd/EagerAlgebra.h"
#include "Internal.h"
#include "compile/Tracing.h"

#include <cmath>

namespace npg {

using detail::attach_rule;
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
  op.elementwise<ops::OpKind::Neg>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<ops::OpKind::Neg>(y, "Neg", {x}, {});
  return y;
}

Array operator-(Operand a) { return neg(a.value, a.loc); }

Array exp(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Exp, []<class T>(T v) { return std::exp(v); });
  op.elementwise<ops::OpKind::Exp>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<ops::OpKind::Exp>(y, "Exp", {x}, {});
  return y;
}

Array log(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Log, []<class T>(T v) { return std::log(v); });
  op.elementwise<ops::OpKind::Log>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<ops::OpKind::Log>(y, "Log", {x}, {});
  return y;
}

Array log1p(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y = float_map(x, []<class T>(T v) { return std::log1p(v); });
  op.elementwise<ops::OpKind::Log1p>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<ops::OpKind::Log1p>(y, "Log1p", {x}, {});
  return y;
}

Array expm1(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y = float_map(x, []<class T>(T v) { return std::expm1(v); });
  op.elementwise<ops::OpKind::Expm1>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<ops::OpKind::Expm1>(y, "Expm1", {x}, {});
  return y;
}

Array sqrt(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y = float_map(x, []<class T>(T v) { return std::sqrt(v); });
  op.elementwise<ops::OpKind::Sqrt>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<ops::OpKind::Sqrt>(y, "Sqrt", {x}, {});
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
  op.elementwise<ops::OpKind::Abs>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<ops::OpKind::Abs>(y, "Abs", {x}, {});
  return y;
}

Array tanh(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Tanh, []<class T>(T v) { return std::tanh(v); });
  op.elementwise<ops::OpKind::Tanh>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<ops::OpKind::Tanh>(y, "Tanh", {x}, {});
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
  op.elementwise<ops::OpKind::Sigmoid>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<ops::OpKind::Sigmoid>(y, "Sigmoid", {x}, {});
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
  op.elementwise<ops::OpKind::Relu>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<ops::OpKind::Relu>(y, "Relu", {x}, {});
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
  op.elementwise<ops::OpKind::Sign>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<ops::OpKind::Sign>(y, "Sign", {x}, {});
  return y;
}

} // namespace npg
