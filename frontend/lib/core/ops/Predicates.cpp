// Elementwise predicates on floating-point classes: bool results, never part
// of the graph. A trace records them as jax.numpy computes them, by
// comparisons: x != x, |x| == inf, |x| < inf (of integers and bools, which
// are always finite, a constant).
#include "Internal.h"
#include "compile/Tracing.h"

#include <cmath>
#include <limits>

namespace npg {

namespace {
/// `p` of every element; traced as `compare(mode, |x|, inf)`, or with
/// `against_itself` as `compare(mode, x, x)`.
template <class P>
Array classify(const Array &x, bool integer_result, ops::CompareMode mode,
               bool against_itself, P p, Loc loc) {
  tracing::OpScope op(loc);
  Array y = visit(x.dtype(), [&]<class T>(std::type_identity<T>) {
    return detail::map_as<T>(x, [&](T v) {
      if constexpr (std::is_floating_point_v<T>)
        return static_cast<bool>(p(v));
      else
        return integer_result; // integers and bools are always finite
    });
  });
  if (tracing::Recorder *rec = op.recorder()) {
    const ir::TensorType type{x.shape(), bool_};
    int v;
    if (!is_floating(x.dtype())) {
      v = rec->coerce(rec->constant(integer_result, bool_), type, loc);
    } else {
      int lhs = rec->value(x), rhs = lhs;
      if (!against_itself) {
        lhs = rec->emit(ops::OpKind::Abs, {lhs}, tracing::type_of(x), {}, loc);
        rhs = rec->coerce(
            rec->constant(std::numeric_limits<double>::infinity(), x.dtype()),
            tracing::type_of(x), loc);
      }
      v = rec->emit<ops::OpKind::Compare>({lhs, rhs}, type, {mode}, loc);
    }
    rec->bind(y, v);
  }
  return y;
}
} // namespace

Array isnan(const Array &x, Loc loc) {
  return classify(
      x, false, ops::CompareMode::ne, true,
      [](auto v) { return std::isnan(v); }, loc);
}

Array isinf(const Array &x, Loc loc) {
  return classify(
      x, false, ops::CompareMode::eq, false,
      [](auto v) { return std::isinf(v); }, loc);
}

Array isfinite(const Array &x, Loc loc) {
  return classify(
      x, true, ops::CompareMode::lt, false,
      [](auto v) { return std::isfinite(v); }, loc);
}

} // namespace npg
