#pragma once
// For code built on npg's public API that needs a little more than it: npg's
// own nn, optim, data and io (which use nothing else of npg's internals), and
// users' modules and optimizers. None of these record anything in the
// autograd graph or in a trace.
#include "npg/Array.h"

#include <functional>
#include <string_view>

namespace npg::ext {

/// Another view of x's storage with the given shape, strides (in elements)
/// and offset: no autograd history, no requires_grad. The caller keeps it
/// within the storage.
Array as_strided(const Array &x, Shape shape, Strides strides,
                 std::int64_t offset);

/// A contiguous copy of x's values as `dtype` (x's by default), made
/// outside autograd and outside any trace.
Array copy_untracked(const Array &x);
Array copy_untracked(const Array &x, DType dtype);

/// Inside a traced function, throws npg::Error "<what> at <file:line>
/// cannot be traced: <why>"; elsewhere does nothing. For operations that
/// change state a trace cannot record (an optimizer's step, say).
void refuse_in_trace(std::string_view what, std::string_view why,
                     const Loc &loc);

// For state that lives across calls of a compiled function (an optimizer's
// step inside npg::compile): what the trace must not bake in.

/// Whether a trace is recording the caller.
bool in_trace();
/// In a trace: a 0-d float64 array holding `slot`, which every compiled
/// call reads again (a learning rate a schedule changes, a step count).
Array host_scalar(const double &slot);
/// In a trace: every compiled call stores `value` (0-d) into `slot`.
void set_host_scalar(double &slot, const Array &value);
/// `a`, just made by the caller, holds state across calls (an optimizer's
/// moments): compiled calls read it from memory and write it back.
void persistent(const Array &a);
/// In a trace: the compiled code is used only while `holds()` (checked
/// before each call) is true; otherwise the function is traced again. For
/// a host-side branch the trace took.
void trace_guard(std::function<bool()> holds);

} // namespace npg::ext
