#pragma once
// npg::rules::Algebra on Arrays: how eager autograd runs an op's derivative
// rule (rules/include/npg/rules), the same rule npg-autodiff runs on IR. An
// op with a rule attaches it with attach_rule; its gradient is then the
// compiled one by construction.
#include "Internal.h"

#include "npg/rules/Rules.h"

namespace npg::detail {

/// npg.linear_scan of `coefficients` and `input` (one shape and dtype, not
/// bool): computed (float32 carried in float64), recorded, and a graph node
/// `name` whose derivative is its rule. cumsum and cumprod are made of it.
Array linear_scan(const Array &coefficients, const Array &input,
                  const ops::Attrs<ops::OpKind::LinearScan> &attrs,
                  std::string_view name, Loc loc = Loc::current());

class EagerAlgebra {
public:
  using Value = Array;

  /// Bound to a graph node: its parents are the op's operands, and `saved`
  /// holds the primal values `uses` lists (operands in order, then the
  /// result).
  EagerAlgebra(const BackwardContext &c, rules::Uses uses)
      : parents_(&c.parents), saved_(&c.saved), uses_(uses) {}
  /// Bound to an op application known only by its operands' shapes and
  /// dtype: enough for rules that read no values (data movement).
  EagerAlgebra(std::vector<Shape> shapes, DType dtype)
      : shapes_(std::move(shapes)), dtype_(dtype) {}

  // The op.
  Array x(int i) const;
  Array y() const;
  Shape x_shape(int i) const {
    return parents_ ? (*parents_)[i].shape() : shapes_[i];
  }
  DType x_dtype(int i) const {
    return parents_ ? (*parents_)[i].dtype() : dtype_;
  }
  bool needs(int i) const {
    return parents_ ? (*parents_)[i].requires_grad() : true;
  }
  int num_operands() const {
    return static_cast<int>(parents_ ? parents_->size() : shapes_.size());
  }

  // Values.
  Shape shape(const Array &v) const { return v.shape(); }
  DType dtype(const Array &v) const { return v.dtype(); }
  Array scalar(const Array &like, double v) const {
    return detail::scalar(v, like.dtype());
  }
  Array zeros(const Shape &shape, const Array &like) const {
    return npg::zeros(shape, like.dtype());
  }
  Array cast(const Array &v, DType dtype) const {
    return v.dtype() == dtype ? v : v.astype(dtype);
  }

  // Elementwise.
  Array add(const Array &a, const Array &b) const { return npg::add(a, b); }
  Array sub(const Array &a, const Array &b) const { return npg::sub(a, b); }
  Array mul(const Array &a, const Array &b) const { return npg::mul(a, b); }
  Array div(const Array &a, const Array &b) const { return npg::div(a, b); }
  Array pow(const Array &a, const Array &b) const { return npg::pow(a, b); }
  Array maximum(const Array &a, const Array &b) const {
    return npg::maximum(a, b);
  }
  Array minimum(const Array &a, const Array &b) const {
    return npg::minimum(a, b);
  }
  Array neg(const Array &v) const { return npg::neg(v); }
  Array exp(const Array &v) const { return npg::exp(v); }
  Array log(const Array &v) const { return npg::log(v); }
  Array sqrt(const Array &v) const { return npg::sqrt(v); }
  Array tanh(const Array &v) const { return npg::tanh(v); }
  Array sigmoid(const Array &v) const { return npg::sigmoid(v); }
  Array sign(const Array &v) const { return npg::sign(v); }
  Array sin(const Array &v) const { return npg::sin(v); }
  Array cos(const Array &v) const { return npg::cos(v); }
  Array abs(const Array &v) const { return npg::abs(v); }
  Array compare(ops::CompareMode mode, const Array &a, const Array &b) const;
  Array select(const Array &c, const Array &t, const Array &f) const {
    return npg::where(c, t, f);
  }

  // Shapes and data movement.
  Array reduce_sum(const Array &v, const std::vector<std::int64_t> &axes,
                   bool keepdims) const;
  Array reduce_max(const Array &v, const std::vector<std::int64_t> &axes,
                   bool keepdims) const;
  Array reduce_prod(const Array &v, const std::vector<std::int64_t> &axes,
                    bool keepdims) const;
  Array linear_scan(const Array &coefficients, const Array &input,
                    std::int64_t axis, bool reverse, bool strong_zero) const {
    return detail::linear_scan(coefficients, input,
                               {axis, reverse, strong_zero}, "LinearScan");
  }
  Array sum_to(const Array &v, const Shape &shape) const {
    return detail::sum_to(v, shape);
  }
  Array broadcast_in_dim(const Array &v, const Shape &shape,
                         const std::vector<std::int64_t> &dims) const;
  Array reshape(const Array &v, const Shape &shape) const {
    return v.shape() == shape ? v : npg::reshape(v, shape);
  }
  Array transpose(const Array &v, const std::vector<std::int64_t> &perm) const {
    return npg::permute(v, perm);
  }
  Array matmul(const Array &a, const Array &b) const {
    return npg::matmul(a, b);
  }
  Array slice(const Array &v, const std::vector<std::int64_t> &starts,
              const std::vector<std::int64_t> &limits,
              const std::vector<std::int64_t> &steps) const;
  Array insert_slice(const Array &source, const Array &dest,
                     const std::vector<std::int64_t> &starts,
                     const std::vector<std::int64_t> &limits,
                     const std::vector<std::int64_t> &steps) const;
  Array gather(const Array &v, const Array &indices, int axis) const {
    return npg::take(v, indices, axis);
  }
  Array scatter_add(const Array &dest, const Array &indices,
                    const Array &updates, int axis) const {
    return npg::index_add(dest, axis, indices, updates);
  }

private:
  const std::vector<Array> *parents_ = nullptr;
  const std::vector<Array> *saved_ = nullptr;
  rules::Uses uses_;
  std::vector<Shape> shapes_;
  DType dtype_ = float64;
};

static_assert(rules::Algebra<EagerAlgebra>);

/// A float operand `x` as the rule reads it: in the float dtype of the op's
/// result `out`, as the IR's operands are (the trace casts them first), so
/// that eager and compiled derivatives round alike (pow(float32, float64)'s
/// log is taken in float64).
Array in_result_dtype(const Array &x, const Array &out);

/// Makes `out`, the result of op K applied to `operands` (the op's operands
/// in its IR order, as the eager caller holds them: not yet broadcast or
/// cast), a graph node `name` whose derivative is Rule<K>. Saves what the
/// rule reads.
template <ops::OpKind K>
void attach_rule(Array &out, std::string_view name, std::vector<Array> operands,
                 ops::Attrs<K> attrs) {
  constexpr rules::Uses uses = rules::Rule<K>::uses;
  std::vector<Array> saved;
  for (std::size_t i = 0; i < operands.size(); ++i)
    if (uses.operands >> i & 1U)
      saved.push_back(in_result_dtype(operands[i], out));
  if (uses.result)
    saved.push_back(out);
  attach(out, name, std::move(operands), std::move(saved),
         [attrs = std::move(attrs)](const Array &g,
                                    const BackwardContext &c) -> Grads {
           EagerAlgebra a(c, uses);
           return rules::Rule<K>::vjp(a, attrs, g);
         });
}

/// npg.slice's attributes for range(start, limit, step) on `axis` of
/// `shape`, every other axis whole.
inline ops::Attrs<ops::OpKind::Slice>
axis_slice(const Shape &shape, std::int64_t axis, std::int64_t start,
           std::int64_t limit, std::int64_t step) {
  std::vector<std::int64_t> starts(shape.size(), 0), limits = shape,
                                                     steps(shape.size(), 1);
  starts[axis] = start;
  limits[axis] = limit;
  steps[axis] = step;
  return {starts, limits, steps};
}

/// The gradients of a data-movement op K (whose rule reads no values) on
/// operands of `shapes`: for eager ops that a trace records as several IR
/// ops, whose derivative is then these rules in turn.
template <ops::OpKind K>
std::vector<Array> movement_vjps(std::vector<Shape> shapes,
                                 const ops::Attrs<K> &attrs, const Array &g) {
  static_assert(rules::Rule<K>::uses.operands == 0 &&
                !rules::Rule<K>::uses.result);
  EagerAlgebra a(std::move(shapes), g.dtype());
  return rules::Rule<K>::vjp(a, attrs, g);
}
template <ops::OpKind K>
Array movement_vjp(const Shape &shape, const ops::Attrs<K> &attrs,
                   const Array &g) {
  return movement_vjps<K>({shape}, attrs, g)[0];
}

} // namespace npg::detail
