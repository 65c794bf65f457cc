#pragma once
// Derivatives of the ops that move elements without computing: each undoes
// the movement on the gradient (a reshape back, the inverse permutation, a
// slice written into zeros, a gather scattered back).
#include "npg/rules/Elementwise.h"

#include <algorithm>

namespace npg::rules {

template <> struct Rule<OpKind::BroadcastTo> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::BroadcastTo> &at,
                         const Value<A> &g) {
    const Shape input = a.x_shape(0), result = a.shape(g);
    const std::vector<std::int64_t> &dims = at.dimensions;
    // Sum over the new dimensions and over those broadcast from size 1.
    std::vector<std::int64_t> axes;
    for (std::int64_t d = 0, r = static_cast<std::int64_t>(result.size());
         d < r; ++d) {
      const auto it = std::find(dims.begin(), dims.end(), d);
      if (it == dims.end() || (input[it - dims.begin()] == 1 && result[d] != 1))
        axes.push_back(d);
    }
    return {a.reshape(a.reduce_sum(g, axes, /*keepdims=*/false), input)};
  }
};

template <> struct Rule<OpKind::Reshape> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Reshape> &,
                         const Value<A> &g) {
    return {a.reshape(g, a.x_shape(0))};
  }
};

template <> struct Rule<OpKind::Transpose> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Transpose> &at,
                         const Value<A> &g) {
    std::vector<std::int64_t> inverse(at.permutation.size());
    for (std::size_t i = 0; i < inverse.size(); ++i)
      inverse[at.permutation[i]] = static_cast<std::int64_t>(i);
    return {a.transpose(g, inverse)};
  }
};

template <> struct Rule<OpKind::Slice> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Slice> &at,
                         const Value<A> &g) {
    return {a.insert_slice(g, a.zeros(a.x_shape(0), g), at.starts, at.limits,
                           at.steps)};
  }
};

template <> struct Rule<OpKind::InsertSlice> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::InsertSlice> &at,
                         const Value<A> &g) {
    // dest's elements survive outside the slice only.
    return {a.needs(0) ? a.slice(g, at.starts, at.limits, at.steps)
                       : Value<A>(),
            a.needs(1) ? a.insert_slice(a.zeros(a.x_shape(0), g), g, at.starts,
                                        at.limits, at.steps)
                       : Value<A>()};
  }
};

template <> struct Rule<OpKind::Concat> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Concat> &at,
                         const Value<A> &g) {
    // Each input's gradient is its range of g along the axis.
    const Shape shape = a.shape(g);
    std::vector<std::int64_t> starts(shape.size(), 0), limits = shape,
                                                       steps(shape.size(), 1);
    Adjoints<A> adjoints;
    std::int64_t offset = 0;
    for (int i = 0; i < a.num_operands(); ++i) {
      const std::int64_t size = a.x_shape(i)[at.axis];
      starts[at.axis] = offset;
      limits[at.axis] = offset + size;
      adjoints.push_back(a.needs(i) ? a.slice(g, starts, limits, steps)
                                    : Value<A>());
      offset += size;
    }
    return adjoints;
  }
};

template <> struct Rule<OpKind::Gather> {
  static constexpr Uses uses{.operands = 0b10};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Gather> &at,
                         const Value<A> &g) {
    // Repeated indices accumulate: the adjoint of a gather is a scatter-add.
    if (!a.needs(0))
      return {Value<A>(), Value<A>()};
    const Value<A> indices = a.x(1);
    return {a.scatter_add(a.zeros(a.x_shape(0), g), indices, g,
                          static_cast<int>(at.axis)),
            Value<A>()};
  }
};

template <> struct Rule<OpKind::ScatterAdd> {
  static constexpr Uses uses{.operands = 0b10};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::ScatterAdd> &at,
                         const Value<A> &g) {
    return {a.needs(0) ? g : Value<A>(), Value<A>(),
            a.needs(2) ? a.gather(g, a.x(1), static_cast<int>(at.axis))
                       : Value<A>()};
  }
};

} // namespace npg::rules
