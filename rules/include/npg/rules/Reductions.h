#pragma once
// Derivatives of the reductions: a sum's gradient is g broadcast back over
// the reduced axes; a maximum's or minimum's goes to the elements equal to
// it, shared evenly between ties.
#include "npg/rules/Elementwise.h"

#include <algorithm>
#include <limits>

namespace npg::rules {

template <> struct Rule<OpKind::ReduceSum> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::ReduceSum> &at,
                         const Value<A> &g) {
    return {unreduce(a, g, a.x_shape(0), at.axes, at.keepdims)};
  }
};

/// reduce_max/reduce_min: g spread evenly over the elements equal to the
/// extremum (over the NaN elements when the extremum is NaN, as eager npg
/// routes it).
template <OpKind K> struct ExtremumReduceRule {
  static constexpr Uses uses{.operands = 0b1, .result = true};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<K> &at, const Value<A> &g) {
    if (!a.needs(0))
      return {Value<A>()};
    const Value<A> x = a.x(0);
    const Shape shape = a.x_shape(0);
    const Value<A> at_extremum = a.compare(
        CompareMode::eq, x, unreduce(a, a.y(), shape, at.axes, at.keepdims));
    // NaN elements count as hits too (x != x).
    const Value<A> is_hit = indicator(a, at_extremum, g);
    const Value<A> one = a.scalar(g, 1.0);
    const Value<A> hit =
        a.select(a.compare(CompareMode::ne, x, x), one, is_hit);
    const Value<A> ties = a.reduce_sum(hit, at.axes, /*keepdims=*/true);
    const Value<A> spread =
        a.mul(hit, unreduce(a, g, shape, at.axes, at.keepdims));
    return {a.div(spread, unreduce(a, ties, shape, at.axes, true))};
  }
};
template <>
struct Rule<OpKind::ReduceMax> : ExtremumReduceRule<OpKind::ReduceMax> {};
template <>
struct Rule<OpKind::ReduceMin> : ExtremumReduceRule<OpKind::ReduceMin> {};

/// reduce_prod: d prod / d x_i is the product of the other elements. In a
/// slice without zeros that is prod / x_i (PyTorch's formula); with one zero
/// it is the product of the rest at the zero and 0 elsewhere; with more, 0.
template <> struct Rule<OpKind::ReduceProd> {
  static constexpr Uses uses{.operands = 0b1};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::ReduceProd> &at,
                         const Value<A> &g) {
    const Value<A> x = a.x(0);
    const Shape shape = a.x_shape(0);
    const Value<A> zero = a.scalar(x, 0.0), one = a.scalar(x, 1.0);
    const Value<A> is_zero = a.compare(CompareMode::eq, x, zero);
    // Per slice, kept as size-1 dimensions and spread back over x's shape.
    const auto per_slice = [&](const Value<A> &v) {
      return unreduce(a, v, shape, at.axes, /*keepdims=*/true);
    };
    const Value<A> nonzero_product = per_slice(
        a.reduce_prod(a.select(is_zero, one, x), at.axes, /*keepdims=*/true));
    const Value<A> zeros = per_slice(
        a.reduce_sum(indicator(a, is_zero, x), at.axes, /*keepdims=*/true));
    const Value<A> others = a.select(
        is_zero,
        a.select(a.compare(CompareMode::eq, zeros, one), nonzero_product, zero),
        a.select(a.compare(CompareMode::eq, zeros, zero),
                 a.div(nonzero_product, x), zero));
    return {a.mul(unreduce(a, g, shape, at.axes, at.keepdims), others)};
  }
};

// --- Composite reductions: a rule of their own, and an expansion -------------

template <> struct Rule<OpKind::ReduceMean> {
  static constexpr Uses uses{};
  static constexpr bool composite = true;
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::ReduceMean> &at,
                         const Value<A> &g) {
    const Shape shape = a.x_shape(0);
    const Value<A> n = a.scalar(g, count_over(shape, at.axes));
    return {unreduce(a, a.div(g, n), shape, at.axes, at.keepdims)};
  }
  template <class A>
  static Value<A> expand(A &a, const AttrsOf<OpKind::ReduceMean> &at,
                         const std::vector<Value<A>> &in) {
    const Value<A> sum = a.reduce_sum(in[0], at.axes, at.keepdims);
    return a.div(sum, a.scalar(sum, count_over(a.shape(in[0]), at.axes)));
  }
};

/// var and std: squared deviations from the mean, summed, divided by
/// N - ddof (by 0, giving inf or NaN, when ddof >= N, as numpy and PyTorch).
struct Variance {
  /// x's mean over `axes`, kept as size-1 dimensions: the first element of
  /// each slice plus the mean of the differences from it, so that a
  /// constant slice has its value as its mean exactly (deviations 0, var
  /// and its gradient 0, std's gradient 0, as PyTorch), whatever rounding
  /// a plain sum would do. A first element that is inf or NaN is no shift
  /// (inf - inf would make the whole mean NaN where PyTorch's is inf).
  template <class A>
  static Value<A> mean(A &a, const Value<A> &x,
                       const std::vector<std::int64_t> &axes) {
    const Shape shape = a.shape(x);
    std::vector<std::int64_t> starts(shape.size(), 0), limits = shape,
                                                       steps(shape.size(), 1);
    for (std::int64_t axis : axes)
      limits[axis] = std::min<std::int64_t>(1, shape[axis]);
    const Value<A> sliced = a.slice(x, starts, limits, steps);
    // sliced - sliced is 0 exactly where sliced is finite.
    const Value<A> zero = a.scalar(sliced, 0.0);
    const Value<A> first =
        a.select(a.compare(CompareMode::eq, a.sub(sliced, sliced), zero),
                 sliced, zero);
    const Value<A> sum = a.reduce_sum(a.sub(x, first), axes, /*keepdims=*/true);
    const Value<A> n = a.scalar(sum, count_over(shape, axes));
    return a.add(first, a.div(sum, n));
  }
  template <class A>
  static Value<A> expand(A &a, const Value<A> &x,
                         const std::vector<std::int64_t> &axes,
                         std::int64_t ddof, bool keepdims) {
    const Value<A> d = a.sub(x, mean(a, x, axes));
    const Value<A> squares = a.reduce_sum(a.mul(d, d), axes, keepdims);
    const double n = count_over(a.shape(x), axes) - static_cast<double>(ddof);
    return a.div(squares, a.scalar(squares, n > 0 ? n : 0.0));
  }
  /// PyTorch's var_backward: 2 / (N - ddof) · g · (x - mean(x)).
  template <class A>
  static Value<A> vjp(A &a, const Value<A> &g, const Value<A> &x,
                      const std::vector<std::int64_t> &axes, std::int64_t ddof,
                      bool keepdims) {
    const Shape shape = a.shape(x);
    const double scale =
        2.0 / (count_over(shape, axes) - static_cast<double>(ddof));
    const Value<A> spread = unreduce(a, g, shape, axes, keepdims);
    const Value<A> scaled = a.mul(a.scalar(spread, scale), spread);
    return a.mul(scaled, a.sub(x, mean(a, x, axes)));
  }
};

template <> struct Rule<OpKind::Var> {
  static constexpr Uses uses{.operands = 0b1};
  static constexpr bool composite = true;
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Var> &at,
                         const Value<A> &g) {
    return {Variance::vjp(a, g, a.x(0), at.axes, at.ddof, at.keepdims)};
  }
  template <class A>
  static Value<A> expand(A &a, const AttrsOf<OpKind::Var> &at,
                         const std::vector<Value<A>> &in) {
    return Variance::expand(a, in[0], at.axes, at.ddof, at.keepdims);
  }
};

template <> struct Rule<OpKind::Std> {
  static constexpr Uses uses{.operands = 0b1, .result = true};
  static constexpr bool composite = true;
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Std> &at,
                         const Value<A> &g) {
    // PyTorch's rule: var's gradient of g / (2 std), 0 where std is 0.
    const Value<A> x = a.x(0), s = a.y();
    const Value<A> zero = a.scalar(g, 0.0);
    const Value<A> halved = a.div(g, a.mul(s, a.scalar(s, 2.0)));
    const Value<A> gv =
        a.select(a.compare(CompareMode::eq, s, zero), zero, halved);
    return {Variance::vjp(a, gv, x, at.axes, at.ddof, at.keepdims)};
  }
  template <class A>
  static Value<A> expand(A &a, const AttrsOf<OpKind::Std> &at,
                         const std::vector<Value<A>> &in) {
    return a.sqrt(Variance::expand(a, in[0], at.axes, at.ddof, at.keepdims));
  }
};

template <> struct Rule<OpKind::LogSumExp> {
  static constexpr Uses uses{.operands = 0b1, .result = true};
  static constexpr bool composite = true;
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::LogSumExp> &at,
                         const Value<A> &g) {
    const Value<A> x = a.x(0), y = a.y();
    const Shape shape = a.x_shape(0);
    const Value<A> spread = unreduce(a, g, shape, at.axes, at.keepdims);
    const Value<A> shifted =
        a.sub(x, unreduce(a, y, shape, at.axes, at.keepdims));
    return {a.mul(spread, a.exp(shifted))};
  }
  template <class A>
  static Value<A> expand(A &a, const AttrsOf<OpKind::LogSumExp> &at,
                         const std::vector<Value<A>> &in) {
    // An infinite maximum is taken as 0 (as PyTorch): all -inf gives -inf;
    // so is the maximum of nothing.
    const Value<A> x = in[0];
    const Value<A> m = a.reduce_max(x, at.axes, /*keepdims=*/true);
    const Value<A> inf = a.scalar(m, std::numeric_limits<double>::infinity());
    const Value<A> infinite = a.compare(CompareMode::eq, a.abs(m), inf);
    const Value<A> ms = a.select(infinite, a.scalar(m, 0.0), m);
    const Value<A> e = a.exp(a.sub(x, ms));
    const Value<A> lse =
        a.add(a.log(a.reduce_sum(e, at.axes, /*keepdims=*/true)), ms);
    return at.keepdims ? lse
                       : a.reshape(lse, reduced_shape(a.shape(x), at.axes));
  }
  static Shape reduced_shape(const Shape &shape,
                             const std::vector<std::int64_t> &axes) {
    Shape out;
    for (std::int64_t d : kept_dims(shape, axes, /*keepdims=*/false))
      out.push_back(shape[d]);
    return out;
  }
};

/// softmax and log_softmax along one axis, the maximum subtracted first.
template <bool Log> struct SoftmaxRule {
  static constexpr Uses uses{.result = true};
  static constexpr bool composite = true;
  template <class A, class Attrs>
  static Adjoints<A> vjp(A &a, const Attrs &at, const Value<A> &g) {
    const Value<A> y = a.y();
    const std::vector<std::int64_t> axis{at.axis};
    if constexpr (Log) { // g - exp(y) · sum(g)
      const Value<A> sum = a.reduce_sum(g, axis, /*keepdims=*/true);
      return {a.sub(g, a.mul(a.exp(y), sum))};
    } else { // y · (g - sum(g · y))
      const Value<A> sum = a.reduce_sum(a.mul(g, y), axis, /*keepdims=*/true);
      return {a.mul(y, a.sub(g, sum))};
    }
  }
  template <class A, class Attrs>
  static Value<A> expand(A &a, const Attrs &at,
                         const std::vector<Value<A>> &in) {
    const std::vector<std::int64_t> axis{at.axis};
    const Value<A> x = in[0];
    const Value<A> shifted = a.sub(x, a.reduce_max(x, axis, /*keepdims=*/true));
    const Value<A> e = a.exp(shifted);
    const Value<A> sum = a.reduce_sum(e, axis, /*keepdims=*/true);
    if constexpr (Log)
      return a.sub(shifted, a.log(sum));
    else
      return a.div(e, sum);
  }
};
template <> struct Rule<OpKind::Softmax> : SoftmaxRule<false> {};
template <> struct Rule<OpKind::LogSoftmax> : SoftmaxRule<true> {};

} // namespace npg::rules
