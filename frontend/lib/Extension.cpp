// npg/Extension.h: the few internals that nn, optim, data and io (and users'
// own modules) may use, forwarded.
#include "npg/Extension.h"

#include "Internal.h"
#include "compile/Tracing.h"
#include "npg/GradMode.h"

namespace npg::ext {

Array as_strided(const Array &x, Shape shape, Strides strides,
                 std::int64_t offset) {
  return detail::view(x, std::move(shape), std::move(strides), offset);
}

Array copy_untracked(const Array &x) { return copy_untracked(x, x.dtype()); }

Array copy_untracked(const Array &x, DType dtype) {
  // An op scope that records nothing: the ops inside it do not record
  // either (they are not the outermost call).
  const tracing::OpScope untraced(Loc::current());
  const NoGradGuard no_grad;
  return detail::unary_map(x, dtype, []<class T>(T v) { return v; });
}

void refuse_in_trace(std::string_view what, std::string_view why,
                     const Loc &loc) {
  tracing::refuse(what, why, loc);
}

} // namespace npg::ext
