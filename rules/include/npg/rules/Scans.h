#pragma once
// The derivative of npg.linear_scan, the one scan primitive (cumsum and
// cumprod are made of it): the adjoint of a linear recurrence is a linear
// recurrence the other way.
#include "npg/rules/Elementwise.h"

#include <array>

namespace npg::rules {

/// s_0 = b_0, s_i = a_i s_{i-1} + b_i (indices in scan order). With t the
/// adjoint scan the other way, t_i = g_i + a_{i+1} t_{i+1} (strong zero: a
/// zero coefficient ends the chain, so a product cut by a zero gives no
/// NaN from what overflowed beyond it), b's gradient is t and a_i's is
/// t_i s_{i-1} (a_0's, never read, 0).
template <> struct Rule<OpKind::LinearScan> {
  static constexpr Uses uses{.operands = 0b1, .result = true};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::LinearScan> &at,
                         const Value<A> &g) {
    const Shape shape = a.x_shape(0);
    const auto axis = static_cast<std::size_t>(at.axis);
    const std::int64_t n = shape[axis];
    const Value<A> zeros = a.zeros(shape, g);
    if (n <= 1) // s = b
      return {a.needs(0) ? zeros : Value<A>(), a.needs(1) ? g : Value<A>()};
    // Scan positions 1..n-1 ("later") and 0..n-2 ("earlier") as index
    // ranges along the axis: reversed, scan order runs from the end.
    const auto range = [&](bool later) {
      std::vector<std::int64_t> starts(shape.size(), 0), limits = shape,
                                                         steps(shape.size(), 1);
      const bool high = later != at.reverse;
      starts[axis] = high ? 1 : 0;
      limits[axis] = high ? n : n - 1;
      return std::array{starts, limits, steps};
    };
    const auto part = [&](const Value<A> &v, bool later) {
      const auto [starts, limits, steps] = range(later);
      return a.slice(v, starts, limits, steps);
    };
    const auto placed = [&](const Value<A> &v, bool later) {
      const auto [starts, limits, steps] = range(later);
      return a.insert_slice(v, zeros, starts, limits, steps);
    };
    // The adjoint's coefficient at scan position i is a_{i+1}.
    const Value<A> next = placed(part(a.x(0), true), false);
    const Value<A> t = a.linear_scan(next, g, at.axis, !at.reverse,
                                     /*strong_zero=*/true);
    return {a.needs(0) ? placed(a.mul(part(t, true), part(a.y(), false)), true)
                       : Value<A>(),
            a.needs(1) ? t : Value<A>()};
  }
};

} // namespace npg::rules
