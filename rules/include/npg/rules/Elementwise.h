#pragma once
// Derivatives of the elementwise ops. Operands may differ in shape where
// the eager library broadcasts them: each adjoint is summed back to its
// operand's shape (a no-op in the IR, whose operands share one shape).
// Conventions are PyTorch's: see each rule.
//
// Rules call at most one operation that builds something per argument list
// (C++ leaves the order of evaluating arguments open, and the IR a rule
// builds must not depend on the compiler); braced lists are evaluated in
// order.
#include "npg/rules/Rule.h"

namespace npg::rules {

using ops::CompareMode;
using ops::OpKind;

/// Attrs of op K.
template <OpKind K> using AttrsOf = ops::Attrs<K>;

/// g summed to operand i's shape, if operand i wants a gradient.
template <class A> Value<A> to_operand(A &a, int i, const Value<A> &g) {
  return a.needs(i) ? a.sum_to(g, a.x_shape(i)) : Value<A>();
}

// --- Binary ------------------------------------------------------------------

template <> struct Rule<OpKind::Add> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Add> &,
                         const Value<A> &g) {
    return {to_operand(a, 0, g), to_operand(a, 1, g)};
  }
};

template <> struct Rule<OpKind::Sub> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Sub> &,
                         const Value<A> &g) {
    return {to_operand(a, 0, g),
            a.needs(1) ? to_operand(a, 1, a.neg(g)) : Value<A>()};
  }
};

template <> struct Rule<OpKind::Mul> {
  static constexpr Uses uses{.operands = 0b11};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Mul> &,
                         const Value<A> &g) {
    const Value<A> x = a.x(0), y = a.x(1);
    return {a.needs(0) ? to_operand(a, 0, a.mul(g, y)) : Value<A>(),
            a.needs(1) ? to_operand(a, 1, a.mul(g, x)) : Value<A>()};
  }
};

template <> struct Rule<OpKind::Div> {
  static constexpr Uses uses{.operands = 0b11};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Div> &,
                         const Value<A> &g) {
    const Value<A> x = a.x(0), y = a.x(1);
    Value<A> gx, gy;
    if (a.needs(0))
      gx = to_operand(a, 0, a.div(g, y));
    if (a.needs(1)) { // d(x/y)/dy = -(x / y) / y, PyTorch's order: y * y
      const Value<A> ratio = a.div(a.div(x, y), y); // would underflow
      gy = to_operand(a, 1, a.mul(a.neg(g), ratio));
    }
    return {gx, gy};
  }
};

template <> struct Rule<OpKind::Pow> {
  static constexpr Uses uses{.operands = 0b11, .result = true};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Pow> &,
                         const Value<A> &g) {
    const Value<A> x = a.x(0), y = a.x(1);
    Value<A> gx, gy;
    if (a.needs(0)) {
      // y * x^(y-1), taken as 0 where y == 0 (0^0's slope, as PyTorch).
      const Value<A> slope = a.mul(y, a.pow(x, a.sub(y, a.scalar(y, 1.0))));
      const Value<A> zero = a.scalar(slope, 0.0);
      gx = to_operand(
          a, 0,
          a.mul(g, a.select(a.compare(CompareMode::eq, y, a.scalar(y, 0.0)),
                            zero, slope)));
    }
    if (a.needs(1)) {
      // x^y * log(x), taken as 0 where x == 0 (as PyTorch).
      const Value<A> z = a.y();
      const Value<A> slope = a.mul(z, a.log(x));
      const Value<A> zero = a.scalar(slope, 0.0);
      gy = to_operand(
          a, 1,
          a.mul(g, a.select(a.compare(CompareMode::eq, x, a.scalar(x, 0.0)),
                            zero, slope)));
    }
    return {gx, gy};
  }
};

/// maximum/minimum (PyTorch's rule): the winner takes g, a tie gives each
/// side g/2, and where either is NaN both sides take g.
template <CompareMode Loses> struct ExtremumRule {
  static constexpr Uses uses{.operands = 0b11};
  template <class A>
  static Value<A> share(A &a, int i, const Value<A> &self,
                        const Value<A> &other, const Value<A> &g) {
    if (!a.needs(i))
      return {};
    const Value<A> half = a.mul(g, a.scalar(g, 0.5));
    const Value<A> tie =
        a.select(a.compare(CompareMode::eq, self, other), half, g);
    const Value<A> zero = a.scalar(g, 0.0);
    return to_operand(a, i, a.select(a.compare(Loses, self, other), zero, tie));
  }
  template <class A, class Attrs>
  static Adjoints<A> vjp(A &a, const Attrs &, const Value<A> &g) {
    const Value<A> x = a.x(0), y = a.x(1);
    return {share(a, 0, x, y, g), share(a, 1, y, x, g)};
  }
};
template <> struct Rule<OpKind::Maximum> : ExtremumRule<CompareMode::lt> {};
template <> struct Rule<OpKind::Minimum> : ExtremumRule<CompareMode::gt> {};

// --- Unary -------------------------------------------------------------------

template <> struct Rule<OpKind::Neg> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Neg> &,
                         const Value<A> &g) {
    return {a.neg(g)};
  }
};

template <> struct Rule<OpKind::Exp> {
  static constexpr Uses uses{.result = true};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Exp> &,
                         const Value<A> &g) {
    return {a.mul(g, a.y())};
  }
};

template <> struct Rule<OpKind::Log> {
  static constexpr Uses uses{.operands = 0b1};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Log> &,
                         const Value<A> &g) {
    return {a.div(g, a.x(0))};
  }
};

template <> struct Rule<OpKind::Log1p> {
  static constexpr Uses uses{.operands = 0b1};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Log1p> &,
                         const Value<A> &g) {
    const Value<A> x = a.x(0);
    return {a.div(g, a.add(x, a.scalar(x, 1.0)))};
  }
};

template <> struct Rule<OpKind::Expm1> {
  static constexpr Uses uses{.result = true};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Expm1> &,
                         const Value<A> &g) {
    const Value<A> y = a.y();
    return {a.mul(g, a.add(y, a.scalar(y, 1.0)))};
  }
};

template <> struct Rule<OpKind::Sqrt> {
  static constexpr Uses uses{.result = true};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Sqrt> &,
                         const Value<A> &g) {
    const Value<A> y = a.y();
    return {a.div(g, a.mul(y, a.scalar(y, 2.0)))};
  }
};

template <> struct Rule<OpKind::Abs> {
  static constexpr Uses uses{.operands = 0b1};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Abs> &,
                         const Value<A> &g) {
    // PyTorch's g * sgn(x): slope 0 at 0, and at NaN (whose numpy sign is
    // NaN).
    const Value<A> x = a.x(0);
    const Value<A> zero = a.scalar(x, 0.0);
    const Value<A> slope =
        a.select(a.compare(CompareMode::ne, x, x), zero, a.sign(x));
    return {a.mul(g, slope)};
  }
};

template <> struct Rule<OpKind::Tanh> {
  static constexpr Uses uses{.result = true};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Tanh> &,
                         const Value<A> &g) {
    const Value<A> t = a.y();
    const Value<A> one = a.scalar(t, 1.0);
    return {a.mul(g, a.sub(one, a.mul(t, t)))};
  }
};

template <> struct Rule<OpKind::Sigmoid> {
  static constexpr Uses uses{.result = true};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Sigmoid> &,
                         const Value<A> &g) {
    const Value<A> s = a.y();
    const Value<A> gs = a.mul(g, s);
    return {a.mul(gs, a.sub(a.scalar(s, 1.0), s))};
  }
};

template <> struct Rule<OpKind::Relu> {
  static constexpr Uses uses{.operands = 0b1};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Relu> &,
                         const Value<A> &g) {
    // PyTorch's threshold_backward: 0 where x <= 0, so slope 0 at 0, and a
    // NaN input passes g on.
    const Value<A> x = a.x(0);
    const Value<A> zero = a.scalar(g, 0.0);
    return {a.select(a.compare(CompareMode::le, x, zero), zero, g)};
  }
};

template <> struct Rule<OpKind::Sin> {
  static constexpr Uses uses{.operands = 0b1};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Sin> &,
                         const Value<A> &g) {
    return {a.mul(g, a.cos(a.x(0)))};
  }
};

template <> struct Rule<OpKind::Cos> {
  static constexpr Uses uses{.operands = 0b1};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Cos> &,
                         const Value<A> &g) {
    return {a.mul(g, a.neg(a.sin(a.x(0))))};
  }
};

template <> struct Rule<OpKind::Tan> {
  static constexpr Uses uses{.result = true};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Tan> &,
                         const Value<A> &g) {
    // sec^2 = 1 + tan^2, from the result as PyTorch does.
    const Value<A> t = a.y();
    const Value<A> one = a.scalar(t, 1.0);
    return {a.mul(g, a.add(one, a.mul(t, t)))};
  }
};

template <> struct Rule<OpKind::Softplus> {
  static constexpr Uses uses{.operands = 0b1};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Softplus> &,
                         const Value<A> &g) {
    return {a.mul(g, a.sigmoid(a.x(0)))};
  }
};

/// GELU's tanh approximation: PyTorch's constants, so that results agree
/// to the last bits.
inline constexpr double gelu_beta = 0.7978845608028654; // sqrt(2 / pi)
inline constexpr double gelu_kappa = 0.044715;

template <> struct Rule<OpKind::Gelu> {
  static constexpr Uses uses{.operands = 0b1};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Gelu> &,
                         const Value<A> &g) {
    // PyTorch's GeluBackward (tanh): d/dx [0.5 x (1 + tanh(inner))].
    const Value<A> x = a.x(0);
    const Value<A> beta = a.scalar(x, gelu_beta);
    const Value<A> kappa = a.scalar(x, gelu_kappa);
    const Value<A> kappa3 = a.scalar(x, 3 * gelu_kappa);
    const Value<A> half = a.scalar(x, 0.5);
    const Value<A> one = a.scalar(x, 1.0);
    const Value<A> x2 = a.mul(x, x);
    const Value<A> kx3 = a.mul(kappa, a.mul(x2, x));
    const Value<A> t = a.tanh(a.mul(beta, a.add(x, kx3)));
    const Value<A> left = a.mul(half, x);
    const Value<A> left_derivative = a.mul(half, a.add(one, t));
    const Value<A> tanh_derivative = a.sub(one, a.mul(t, t));
    const Value<A> inner_derivative =
        a.mul(beta, a.add(one, a.mul(kappa3, x2)));
    const Value<A> right_derivative =
        a.mul(a.mul(left, tanh_derivative), inner_derivative);
    return {a.mul(g, a.add(left_derivative, right_derivative))};
  }
};

template <> struct Rule<OpKind::Clip> {
  static constexpr Uses uses{.operands = 0b1};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Clip> &at,
                         const Value<A> &g) {
    // PyTorch's clamp: g on the closed interval [lo, hi], 0 outside and at
    // NaN.
    const Value<A> x = a.x(0);
    const Value<A> zero = a.scalar(g, 0.0);
    Value<A> inside = g;
    if (at.hi) {
      const Value<A> hi = a.scalar(x, *at.hi);
      inside = a.select(a.compare(CompareMode::le, x, hi), inside, zero);
    }
    if (at.lo) {
      const Value<A> lo = a.scalar(x, *at.lo);
      inside = a.select(a.compare(CompareMode::ge, x, lo), inside, zero);
    }
    return {inside};
  }
};

/// Piecewise constant ops: a zero gradient, as PyTorch gives.
template <OpKind K> struct ZeroRule {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<K> &, const Value<A> &g) {
    return {a.needs(0) ? a.zeros(a.shape(g), g) : Value<A>()};
  }
};
template <> struct Rule<OpKind::Sign> : ZeroRule<OpKind::Sign> {};
template <> struct Rule<OpKind::Floor> : ZeroRule<OpKind::Floor> {};
template <> struct Rule<OpKind::Ceil> : ZeroRule<OpKind::Ceil> {};
template <> struct Rule<OpKind::Round> : ZeroRule<OpKind::Round> {};

// --- Choice and conversion
// -----------------------------------------------------

template <> struct Rule<OpKind::Select> {
  static constexpr Uses uses{.operands = 0b1};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Select> &,
                         const Value<A> &g) {
    const Value<A> cond = a.x(0);
    const Value<A> zero = a.scalar(g, 0.0);
    return {Value<A>(),
            a.needs(1) ? to_operand(a, 1, a.select(cond, g, zero)) : Value<A>(),
            a.needs(2) ? to_operand(a, 2, a.select(cond, zero, g))
                       : Value<A>()};
  }
};

template <> struct Rule<OpKind::Cast> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &a, const AttrsOf<OpKind::Cast> &,
                         const Value<A> &g) {
    // Integer and bool values carry no gradient.
    if (!a.needs(0) || !is_floating(a.dtype(g)))
      return {Value<A>()};
    return {a.cast(g, a.x_dtype(0))};
  }
};

template <> struct Rule<OpKind::StopGradient> {
  static constexpr Uses uses{};
  template <class A>
  static Adjoints<A> vjp(A &, const AttrsOf<OpKind::StopGradient> &,
                         const Value<A> &) {
    return {Value<A>()}; // the point of the op
  }
};

} // namespace npg::rules
