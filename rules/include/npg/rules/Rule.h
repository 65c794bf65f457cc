#pragma once
// Rule<K>: the derivative of op K (and, for a composite op, its expansion
// into other ops), written once against the algebra of Algebra.h. Eager
// autograd runs it on Arrays, npg-autodiff on IR values; PyTorch's
// derivatives.yaml and JAX's lax.py are the models.
//
// A specialisation has, beside the op's kind:
//   static constexpr Uses uses;  the primal values vjp reads
//   template <class A> static Adjoints<A> vjp(A &, const Attrs<K> &,
//                                             const Value<A> &g);
// and a composite op (one whose lowering is an expansion into other npg
// ops, npg-decompose's rewrite) also
//   static constexpr bool composite = true;
//   template <class A> static Value<A> expand(A &, const Attrs<K> &,
//                                             const std::vector<Value<A>> &);
// Ops without a derivative (npg.compare, npg.constant) have no Rule.
#include "npg/rules/Algebra.h"

namespace npg::rules {

template <ops::OpKind K> struct Rule;

/// Whether op K has a derivative rule.
template <ops::OpKind K>
concept HasRule = requires {
  Rule<K>::uses;
};

/// Whether op K is a composite, lowered by expanding it.
template <ops::OpKind K>
concept IsComposite = requires {
  requires Rule<K>::composite;
};

} // namespace npg::rules
