#pragma once
// npg::Function: a node of the autograd graph, the grad_fn of the arrays it
// produced. It holds its inputs (parents) and the arrays its derivative needs
// (saved), whose versions it checks before running.
#include "npg/Array.h"

#include <memory>
#include <string_view>
#include <vector>

namespace npg {

/// One gradient per parent; an undefined Array where a parent needs none.
using Grads = std::vector<Array>;

/// What a derivative sees besides the output's gradient.
struct BackwardContext {
  const std::vector<Array> &parents;
  const std::vector<Array> &saved;
  /// Whether the graph stays for another backward (retain_graph). When not,
  /// this is the node's last backward: it may hand over state it owns.
  bool retain_graph = true;
  /// Whether parent i wants a gradient (derivatives skip the others).
  bool needs(std::size_t i) const { return parents[i].requires_grad(); }
};

class Function {
public:
  virtual ~Function();
  Function(const Function &) = delete;
  Function &operator=(const Function &) = delete;

  /// The op's name: "Add", "Mul", "MatMul", ...
  std::string_view name() const { return name_; }
  const std::vector<Array> &parents() const { return parents_; }
  /// True once a backward without retain_graph has freed the saved arrays.
  bool released() const { return released_; }

  /// Gradients of the parents given the gradient of the output: checks that
  /// the saved arrays were not modified in place, then runs the derivative.
  /// `retain_graph` false: this is the last backward through the node.
  Grads apply(const Array &grad, bool retain_graph = true);
  /// Frees the saved arrays; a later apply() throws.
  void release();

protected:
  Function(std::string_view name, std::vector<Array> parents,
           std::vector<Array> saved);

private:
  virtual Grads backward(const Array &grad, const BackwardContext &context) = 0;

  std::string_view name_;
  std::vector<Array> parents_;
  std::vector<Array> saved_;
  std::vector<std::uint64_t> saved_versions_;
  bool released_ = false;

  // The array this node produced, without owning it (that would be a cycle):
  // backward fills its grad when it asked for retain_grad().
  std::weak_ptr<ArrayImpl> output_;
  friend void set_output(Function &, const Array &);
  friend void run_backward(const Array &, const Array &, bool);
};

/// A Function whose derivative is a callable `(grad, context) -> Grads`.
template <class F> class LambdaFunction final : public Function {
public:
  LambdaFunction(std::string_view name, std::vector<Array> parents,
                 std::vector<Array> saved, F derivative)
      : Function(name, std::move(parents), std::move(saved)),
        derivative_(std::move(derivative)) {}

private:
  Grads backward(const Array &grad, const BackwardContext &context) override {
    return derivative_(grad, context);
  }
  F derivative_;
};

} // namespace npg
