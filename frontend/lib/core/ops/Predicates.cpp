// Elementwise predicates on floating-point classes: bool results, never part
// of the graph. The IR has no op for them, so traces refuse them.
#include "Internal.h"
#include "compile/Tracing.h"

#include <cmath>

namespace npg {

namespace {
template <class P>
Array classify(const Array &x, const char *name, bool integer_result, P p,
               Loc loc) {
  tracing::refuse(name, "the IR has no op for it", loc);
  tracing::OpScope op(loc);
  return visit(x.dtype(), [&]<class T>(std::type_identity<T>) {
    return detail::map_as<T>(x, [&](T v) {
      if constexpr (std::is_floating_point_v<T>)
        return static_cast<bool>(p(v));
      else
        return integer_result; // integers and bools are always finite
    });
  });
}
} // namespace

Array isnan(const Array &x, Loc loc) {
  return classify(
      x, "isnan()", false, [](auto v) { return std::isnan(v); }, loc);
}

Array isinf(const Array &x, Loc loc) {
  return classify(
      x, "isinf()", false, [](auto v) { return std::isinf(v); }, loc);
}

Array isfinite(const Array &x, Loc loc) {
  return classify(
      x, "isfinite()", true, [](auto v) { return std::isfinite(v); }, loc);
}

} // namespace npg
