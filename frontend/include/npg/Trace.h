#pragma once
// npg::trace: run a function eagerly on real inputs while recording it as an
// npg dialect function.
#include "npg/Array.h"

#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace npg {
namespace ir {
struct TraceGraph;
} // namespace ir
namespace tracing {
struct SideEffects;
} // namespace tracing

class Trace {
public:
  struct Impl;
  explicit Trace(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

  /// The module as text; with `locations`, every op carries the user's
  /// source line as `loc("file":line:col)` (the form NPG_DUMP_IR writes).
  std::string mlir(bool locations = false) const;
  /// The parsed, verified module (include "mlir/IR/BuiltinOps.h" to use it).
  /// It lives as long as this Trace.
  ::mlir::ModuleOp module() const;
  /// The recorded graph the module was built from.
  const ir::TraceGraph &graph() const;
  /// Arrays the function used but did not receive or create (a model's
  /// parameters): the function's arguments after its inputs, in this order.
  const std::vector<Array> &captures() const;
  /// What the eager run returned.
  const std::vector<Array> &outputs() const;
  /// What the function did besides (npg's internals: npg::compile replays
  /// it); the graph's results after the outputs are its values.
  const tracing::SideEffects &side_effects() const;

private:
  std::shared_ptr<Impl> impl_;
};

/// What a traced function sees and returns, type-erased.
using TracedFunction =
    std::function<std::vector<Array>(const std::vector<Array> &)>;

Trace trace_function(const TracedFunction &fn, const std::vector<Array> &inputs,
                     const std::string &name = "traced");

namespace detail {
inline std::vector<Array> as_outputs(Array a) { return {std::move(a)}; }
inline std::vector<Array> as_outputs(std::vector<Array> v) { return v; }
template <class... T> std::vector<Array> as_outputs(const std::tuple<T...> &t) {
  return std::apply([](const auto &...a) { return std::vector<Array>{a...}; },
                    t);
}
template <class A, class B>
std::vector<Array> as_outputs(const std::pair<A, B> &p) {
  return {p.first, p.second};
}
} // namespace detail

/// Runs fn(inputs...) eagerly, recording every array op it performs. fn may
/// return an Array, a std::vector<Array>, a std::pair or a std::tuple.
/// (npg::trace of an Array is the matrix trace, in Ops.h.)
template <class F, class... A>
requires(!std::same_as<std::remove_cvref_t<F>, Array>) Trace
    trace(F &&fn, const A &...inputs) {
  return trace_function(
      [&fn](const std::vector<Array> &args) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
          return detail::as_outputs(fn(args[I]...));
        }
        (std::index_sequence_for<A...>{});
      },
      std::vector<Array>{inputs...});
}

} // namespace npg
