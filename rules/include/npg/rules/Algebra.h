#pragma once
// The small algebra every derivative rule (and every decomposition of a
// composite op) is written in, and the two things it is written for: npg
// Arrays (eager autograd, frontend/lib/autograd/EagerAlgebra.h) and npg
// dialect values (npg-autodiff and npg-decompose, ir/lib/IrAlgebra.h).
//
// An algebra is bound to one application of one op: x(i) is its operand i
// and y() its result (the primal values the rule reads, which the eager
// library saves and the IR keeps as residuals), needs(i) says whether
// operand i wants a gradient. Its operations follow numpy: elementwise ones
// broadcast their operands against each other, and values keep their dtype
// (operands of one operation have one dtype, except where noted).
#include "npg/rules/OpTable.h"
#include "npg/runtime/DType.h"
#include "npg/runtime/Shape.h"

#include <concepts>
#include <cstdint>
#include <vector>

namespace npg::rules {

/// The primal values a rule reads: bit i of `operands` for operand i, and
/// `result`. Eager autograd saves exactly these; a rule that reads another
/// one fails its first eager test.
struct Uses {
  std::uint32_t operands = 0;
  bool result = false;
};

template <class A> using Value = typename A::Value;
/// One adjoint per operand, or a default Value where an operand gets none.
template <class A> using Adjoints = std::vector<Value<A>>;

template <class A>
concept Algebra = requires(A &a, const Value<A> &v, const Shape &s,
                           const std::vector<std::int64_t> &ints, double d,
                           DType t, ops::CompareMode mode, int i) {
  // The op this algebra is bound to (rules only; decompositions have none).
  { a.x(i) } -> std::same_as<Value<A>>;
  { a.y() } -> std::same_as<Value<A>>;
  { a.x_shape(i) } -> std::same_as<Shape>;
  { a.x_dtype(i) } -> std::same_as<DType>;
  { a.needs(i) } -> std::same_as<bool>;
  { a.num_operands() } -> std::same_as<int>;
  // Values.
  { a.shape(v) } -> std::same_as<Shape>;
  { a.dtype(v) } -> std::same_as<DType>;
  { a.scalar(v, d) } -> std::same_as<Value<A>>; // d in v's dtype
  { a.zeros(s, v) } -> std::same_as<Value<A>>;  // of v's dtype
  { a.cast(v, t) } -> std::same_as<Value<A>>;
  // Elementwise, broadcasting.
  { a.add(v, v) } -> std::same_as<Value<A>>;
  { a.sub(v, v) } -> std::same_as<Value<A>>;
  { a.mul(v, v) } -> std::same_as<Value<A>>;
  { a.div(v, v) } -> std::same_as<Value<A>>;
  { a.pow(v, v) } -> std::same_as<Value<A>>;
  { a.maximum(v, v) } -> std::same_as<Value<A>>;
  { a.minimum(v, v) } -> std::same_as<Value<A>>;
  { a.neg(v) } -> std::same_as<Value<A>>;
  { a.exp(v) } -> std::same_as<Value<A>>;
  { a.log(v) } -> std::same_as<Value<A>>;
  { a.sqrt(v) } -> std::same_as<Value<A>>;
  { a.tanh(v) } -> std::same_as<Value<A>>;
  { a.sigmoid(v) } -> std::same_as<Value<A>>;
  { a.sign(v) } -> std::same_as<Value<A>>;
  { a.sin(v) } -> std::same_as<Value<A>>;
  { a.cos(v) } -> std::same_as<Value<A>>;
  { a.abs(v) } -> std::same_as<Value<A>>;
  { a.compare(mode, v, v) } -> std::same_as<Value<A>>; // a bool value
  { a.select(v, v, v) } -> std::same_as<Value<A>>;     // bool, then values
  // Shapes and data movement.
  { a.reduce_sum(v, ints, true) } -> std::same_as<Value<A>>;
  { a.reduce_max(v, ints, true) } -> std::same_as<Value<A>>;
  { a.reduce_prod(v, ints, true) } -> std::same_as<Value<A>>;
  // npg.linear_scan(coefficients, input, axis, reverse, strong_zero).
  { a.linear_scan(v, v, i, true, true) } -> std::same_as<Value<A>>;
  { a.sum_to(v, s) } -> std::same_as<Value<A>>;
  { a.broadcast_in_dim(v, s, ints) } -> std::same_as<Value<A>>;
  { a.reshape(v, s) } -> std::same_as<Value<A>>;
  { a.transpose(v, ints) } -> std::same_as<Value<A>>;
  { a.matmul(v, v) } -> std::same_as<Value<A>>; // 2-D and more only
  { a.slice(v, ints, ints, ints) } -> std::same_as<Value<A>>;
  { a.insert_slice(v, v, ints, ints, ints) } -> std::same_as<Value<A>>;
  { a.gather(v, v, i) } -> std::same_as<Value<A>>;
  { a.scatter_add(v, v, v, i) } -> std::same_as<Value<A>>;
};

// --- Helpers built from the algebra ------------------------------------------

/// The dimensions of a `shape` that survive a reduction over `axes` (for
/// broadcasting a reduction's result back).
inline std::vector<std::int64_t>
kept_dims(const Shape &shape, const std::vector<std::int64_t> &axes,
          bool keepdims) {
  std::vector<std::int64_t> dims;
  for (std::int64_t d = 0, n = static_cast<std::int64_t>(shape.size()); d < n;
       ++d) {
    bool reduced = false;
    for (std::int64_t axis : axes)
      reduced = reduced || axis == d;
    if (keepdims || !reduced)
      dims.push_back(d);
  }
  return dims;
}

/// g, a reduction's result (over `axes` of `shape`), broadcast back over
/// `shape`.
template <class A>
Value<A> unreduce(A &a, const Value<A> &g, const Shape &shape,
                  const std::vector<std::int64_t> &axes, bool keepdims) {
  return a.broadcast_in_dim(g, shape, kept_dims(shape, axes, keepdims));
}

/// 1 where `c` holds, else 0, in `like`'s dtype.
template <class A>
Value<A> indicator(A &a, const Value<A> &c, const Value<A> &like) {
  const Value<A> one = a.scalar(like, 1.0);
  return a.select(c, one, a.scalar(like, 0.0));
}

/// The elements per output of a reduction over `axes`, as a double.
inline double count_over(const Shape &shape,
                         const std::vector<std::int64_t> &axes) {
  double n = 1;
  for (std::int64_t axis : axes)
    n *= static_cast<double>(shape[axis]);
  return n;
}

} // namespace npg::rules
