// Elementwise math beyond Unary.cpp: trigonometry, rounding to integers, and
// the smooth activations softplus and gelu. Each op's kernel and trace
// record, its derivative the op's rule; integer and bool inputs compute in
// float64.
#include "autograd/EagerAlgebra.h"
#include "Internal.h"
#include "compile/Tracing.h"

#include <algorithm>
#include <cmath>

namespace npg {

using detail::attach_rule;
using detail::float_map;
using detail::needs_grad;
using ops::OpKind;

Array sin(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Sin, []<class T>(T v) { return std::sin(v); });
  op.elementwise<OpKind::Sin>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<OpKind::Sin>(y, "Sin", {x}, {});
  return y;
}

Array cos(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Cos, []<class T>(T v) { return std::cos(v); });
  op.elementwise<OpKind::Cos>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<OpKind::Cos>(y, "Cos", {x}, {});
  return y;
}

Array tan(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  Array y =
      float_map(x, vmath::Fn::Tan, []<class T>(T v) { return std::tan(v); });
  op.elementwise<OpKind::Tan>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<OpKind::Tan>(y, "Tan", {x}, {});
  return y;
}

namespace {
/// floor and ceil: piecewise constant, so zero gradient.
template <OpKind K, class F>
Array rounding(const Array &x, F f, const char *name, Loc loc) {
  tracing::OpScope op(loc);
  Array y = float_map(x, f);
  op.elementwise<K>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<K>(y, name, {x}, {});
  return y;
}
} // namespace

Array floor(const Array &x, Loc loc) {
  return rounding<OpKind::Floor>(
      x, []<class T>(T v) { return std::floor(v); }, "Floor", loc);
}

Array ceil(const Array &x, Loc loc) {
  return rounding<OpKind::Ceil>(
      x, []<class T>(T v) { return std::ceil(v); }, "Ceil", loc);
}

Array softplus(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  // max(x, 0) + log1p(exp(-|x|)): exp never overflows, and large x give x.
  Array y = float_map(x, []<class T>(T v) {
    return (v > T(0) ? v : T(0)) + std::log1p(std::exp(-std::fabs(v)));
  });
  op.elementwise<OpKind::Softplus>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<OpKind::Softplus>(y, "Softplus", {x}, {});
  return y;
}

Array gelu(const Array &x, Loc loc) {
  tracing::OpScope op(loc);
  // PyTorch's order of operations, so that results agree to the last bits,
  // and its tanh: the vector kernel, over blocks that stay in cache (one
  // std::tanh at a time this took 7x LibTorch's time).
  const DType compute = detail::float_dtype(x.dtype());
  const Array in = (x.dtype() == compute ? x : x.astype(compute)).contiguous();
  Array y = detail::empty(x.shape(), compute);
  const auto run = [&]<class T>(std::type_identity<T>) {
    const T beta = static_cast<T>(rules::gelu_beta),
            kappa = static_cast<T>(rules::gelu_kappa);
    const T *v = static_cast<const T *>(in.raw_data());
    T *out = static_cast<T *>(y.raw_data());
    constexpr std::int64_t kBlock = 2048;
    for (std::int64_t start = 0; start < y.size(); start += kBlock) {
      const std::int64_t n = std::min(kBlock, y.size() - start);
      const T *a = v + start;
      T *o = out + start;
      for (std::int64_t i = 0; i < n; ++i)
        o[i] = beta * (a[i] + kappa * (a[i] * a[i] * a[i]));
      vmath::apply(vmath::Fn::Tanh, o, o, n);
      for (std::int64_t i = 0; i < n; ++i)
        o[i] = T(0.5) * a[i] * (T(1) + o[i]);
    }
  };
  if (compute == float32)
    run(std::type_identity<float>{});
  else
    run(std::type_identity<double>{});
  op.elementwise<OpKind::Gelu>({x}, y.dtype(), y);
  if (needs_grad(x))
    attach_rule<OpKind::Gelu>(y, "Gelu", {x}, {});
  return y;
}

} // namespace npg
