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

bool in_trace() { return tracing::user_level() != nullptr; }

Array host_scalar(const double &slot) {
  tracing::Recorder *r = tracing::user_level();
  return r ? r->host_scalar(&slot) : detail::scalar(slot, float64);
}

void set_host_scalar(double &slot, const Array &value) {
  if (tracing::Recorder *r = tracing::user_level())
    r->set_host_scalar(&slot, value);
  // The eager run's effect (inside a scope, so that a trace allows the read).
  const tracing::OpScope inner(Loc::current());
  slot = value.item<double>();
}

void persistent(const Array &a) {
  if (tracing::Recorder *r = tracing::user_level())
    r->persistent(a);
}

void trace_guard(std::function<bool()> holds) {
  if (tracing::Recorder *r = tracing::user_level())
    r->guard(std::move(holds));
}

} // namespace npg::ext
