#pragma once
// The matrix product's derivative: products with the other operand
// transposed, summed back over the batch dimensions an operand was broadcast
// along; numpy's 1-D operands are a row (lhs) and a column (rhs).
#include "npg/rules/Elementwise.h"

#include <numeric>

namespace npg::rules {

/// v with its last two dimensions swapped.
template <class A> Value<A> transpose_last_two(A &a, const Value<A> &v) {
  std::vector<std::int64_t> perm(a.shape(v).size());
  std::iota(perm.begin(), perm.end(), 0);
  std::swap(perm[perm.size() - 1], perm[perm.size() - 2]);
  return a.transpose(v, perm);
}

template <> struct Rule<OpKind::Matmul> {
  static constexpr Uses uses{.operands = 0b11};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Matmul> &,
                         const Value<A> &g) {
    const Shape xs = a.x_shape(0), ys = a.x_shape(1);
    const Value<A> x = a.x(0), y = a.x(1);
    const Value<A> x2 = xs.size() == 1 ? a.reshape(x, {1, xs[0]}) : x;
    const Value<A> y2 = ys.size() == 1 ? a.reshape(y, {ys[0], 1}) : y;
    // The result with the unit dimensions of 1-D operands restored:
    // [batch..., n, m].
    Shape full = a.shape(g);
    if (xs.size() == 1)
      full.insert(full.end() - (ys.size() == 1 ? 0 : 1), 1);
    if (ys.size() == 1)
      full.push_back(1);
    const Value<A> g2 = a.reshape(g, full);
    Value<A> gx, gy;
    if (a.needs(0))
      gx = a.reshape(
          a.sum_to(a.matmul(g2, transpose_last_two(a, y2)), a.shape(x2)), xs);
    if (a.needs(1))
      gy = a.reshape(
          a.sum_to(a.matmul(transpose_last_two(a, x2), g2), a.shape(y2)), ys);
    return {gx, gy};
  }
};

} // namespace npg::rules
