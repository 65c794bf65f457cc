// Elementwise math beyond Unary.cpp: trigonometry, rounding to integers, and
// the smooth activations softplus and gelu. Each op's kernel, trace record
// and derivative together; integer and bool inputs compute in float64.
#include "Compose.h"
#include "Internal.h"
#include "Tracing.h"

#include <cmath>
#include <numbers>

namespace npg {

using detail::attach;
using detail::float_map;
using detail::needs_grad;

Array sin(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Sin, []<class T>(T v) { return std::sin(v); });
  op.elementwise("npg.sin", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, "Sin", {x}, {x},
           [](const Array &g, const BackwardContext &c) -> Grads {
             return {g * npg::cos(c.saved[0])};
           });
  return y;
}

Array cos(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Cos, []<class T>(T v) { return std::cos(v); });
  op.elementwise("npg.cos", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, "Cos", {x}, {x},
           [](const Array &g, const BackwardContext &c) -> Grads {
             return {g * -npg::sin(c.saved[0])};
           });
  return y;
}

Array tan(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Tan, []<class T>(T v) { return std::tan(v); });
  op.elementwise("npg.tan", {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, "Tan", {x}, {y},
           [](const Array &g, const BackwardContext &c) -> Grads {
             const Array &t = c.saved[0];
             return {g * (1 + t * t)};
           });
  return y;
}

namespace {
/// floor and ceil: piecewise constant, so zero gradient.
template <class F>
Array rounding(const Array &x, F f, const char *ir_op, const char *name,
               Loc loc) {
  tracing::OpScope op(loc);
  Array y = float_map(x, f);
  op.elementwise(ir_op, {x}, y.dtype(), y);
  if (needs_grad(x))
    attach(y, name, {x}, {},
           [](const Array &g, const BackwardContext &) -> Grads {
             return {zeros_like(g)};
           });
  return y;
}
} // namespace

Array floor(const Array &x, Loc loc) {
  return rounding(
      x, []<class T>(T v) { return std::floor(v); }, "npg.floor", "Floor", loc);
}

Array ceil(const Array &x, Loc loc) {
  return rounding(
      x, []<class T>(T v) { return std::ceil(v); }, "npg.ceil", "Ceil", loc);
}

Array softplus(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  // max(x, 0) + log1p(exp(-|x|)): exp never overflows, and large x give x.
  Array y = float_map(x, []<class T>(T v) {
    return (v > T(0) ? v : T(0)) + std::log1p(std::exp(-std::fabs(v)));
  });
  if (tracing::Recorder *rec = op.recorder()) {
    // The IR has no log1p: log(1 + exp(-|x|)).
    tracing::Composer c(*rec, loc);
    const int v = c.input(x, x.shape(), y.dtype());
    const int tail =
        c.unary("npg.log",
                c.binary("npg.add", Scalar(1),
                         c.unary("npg.exp",
                                 c.unary("npg.neg", c.unary("npg.abs", v)))));
    c.result(y,
             c.binary("npg.add", c.binary("npg.maximum", v, Scalar(0)), tail));
  }
  if (needs_grad(x))
    attach(y, "Softplus", {x}, {x},
           [](const Array &g, const BackwardContext &c) -> Grads {
             return {g * npg::sigmoid(c.saved[0])};
           });
  return y;
}

namespace {
// The constants and the order of operations of PyTorch's tanh-approximate
// gelu, so that results agree to the last bits.
constexpr double gelu_beta =
    std::numbers::sqrt2 * (2 * std::numbers::inv_sqrtpi) * 0.5; // sqrt(2 / pi)
constexpr double gelu_kappa = 0.044715;
} // namespace

Array gelu(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y = float_map(x, []<class T>(T v) {
    const T beta = static_cast<T>(gelu_beta),
            kappa = static_cast<T>(gelu_kappa);
    const T inner = beta * (v + kappa * (v * v * v));
    return T(0.5) * v * (T(1) + std::tanh(inner));
  });
  if (tracing::Recorder *rec = op.recorder()) {
    tracing::Composer c(*rec, loc);
    const int v = c.input(x, x.shape(), y.dtype());
    const int cube = c.binary("npg.mul", c.binary("npg.mul", v, v), v);
    const int inner = c.binary(
        "npg.mul", Scalar(gelu_beta),
        c.binary("npg.add", v, c.binary("npg.mul", Scalar(gelu_kappa), cube)));
    const int half_x = c.binary("npg.mul", Scalar(0.5), v);
    c.result(y, c.binary("npg.mul", half_x,
                         c.binary("npg.add", Scalar(1),
                                  c.unary("npg.tanh", inner))));
  }
  if (needs_grad(x))
    attach(y, "Gelu", {x}, {x},
           [](const Array &g, const BackwardContext &c) -> Grads {
             const Array slope = float_map(c.saved[0], []<class T>(T v) {
               const T beta = static_cast<T>(gelu_beta),
                       kappa = static_cast<T>(gelu_kappa);
               const T v2 = v * v;
               const T inner = beta * (v + kappa * (v2 * v));
               const T t = std::tanh(inner);
               const T left = T(0.5) * v, right = T(1) + t;
               const T left_derivative = T(0.5) * right;
               const T tanh_derivative = T(1) - t * t;
               const T inner_derivative = beta * (T(1) + T(3) * kappa * v2);
               const T right_derivative =
                   left * tanh_derivative * inner_derivative;
               return left_derivative + right_derivative;
             });
             return {g * slope};
           });
  return y;
}

} // namespace npg
