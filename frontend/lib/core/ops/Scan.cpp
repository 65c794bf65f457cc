// Running sums and products along an axis (numpy's cumsum and cumprod),
// both made of one primitive, a first-order linear recurrence
// (npg.linear_scan): cumsum(x) = scan(1, x), cumprod(x) = scan(x, [x_0, -0,
// -0, ...]). Its rule (rules/Scans.h) is the derivative of both: for
// cumprod the exact products of the other elements, zeros included.
#include "Internal.h"
#include "Lanes.h"
#include "autograd/EagerAlgebra.h"
#include "compile/Tracing.h"

#include <algorithm>

namespace npg {

using detail::needs_grad;

namespace detail {

Array linear_scan(const Array &coefficients, const Array &input,
                  const ops::Attrs<ops::OpKind::LinearScan> &attrs,
                  std::string_view name, Loc loc) {
  tracing::OpScope op(loc);
  const DType dtype = input.dtype();
  // Floats are carried in double, integers in int64 (as the IR does).
  const DType acc = is_floating(dtype) ? float64 : int64;
  std::vector<bool> moved(static_cast<std::size_t>(input.ndim()));
  moved[static_cast<std::size_t>(attrs.axis)] = true;
  // A coefficient broadcast from one value (cumsum's ones) is read as that
  // value, not copied out per element.
  const bool uniform =
      std::all_of(coefficients.strides().begin(), coefficients.strides().end(),
                  [](std::int64_t s) { return s == 0; });
  const Array a =
      uniform ? view(coefficients, {1}, {0}, coefficients.offset()).astype(acc)
              : to_lanes(coefficients, moved, acc).rows;
  const std::int64_t a_step = uniform ? 0 : 1;
  const Lanes lb = to_lanes(input, moved, acc);
  Array rows = visit_numeric(acc, [&]<class T>(std::type_identity<T>) {
    Array o = empty(lb.rows.shape(), acc);
    const T *as = static_cast<const T *>(a.raw_data());
    const T *bs = static_cast<const T *>(lb.rows.raw_data());
    T *dst = static_cast<T *>(o.raw_data());
    const std::int64_t n = lb.count;
    for (std::int64_t r = 0; r < lb.n_rows; ++r) {
      const T *ar = as + r * n * a_step, *br = bs + r * n;
      T *out = dst + r * n;
      for (std::int64_t k = 0; k < n; ++k) {
        const std::int64_t i = attrs.reverse ? n - 1 - k : k;
        if (k == 0) {
          out[i] = br[i];
          continue;
        }
        const T carried = out[attrs.reverse ? i + 1 : i - 1];
        const T coef = ar[i * a_step];
        const T term = attrs.strong_zero && coef == T(0)
                           ? T(0)
                           : static_cast<T>(coef * carried);
        out[i] = static_cast<T>(term + br[i]);
      }
    }
    return o;
  });
  const Array carried = from_lanes(rows, lb);
  Array y = carried.dtype() == dtype ? carried : carried.astype(dtype);
  op.record<ops::OpKind::LinearScan>({coefficients, input}, y, attrs);
  if (needs_grad(coefficients) || needs_grad(input))
    attach_rule<ops::OpKind::LinearScan>(y, name, {coefficients, input}, attrs);
  return y;
}

} // namespace detail

namespace {

/// The array a scan runs over, in the scan's dtype (numpy's: floats keep
/// theirs, integers and bools become int64): x, or x flattened when no axis
/// is given; and the (normalised) axis.
std::pair<Array, std::int64_t>
scan_input(const Array &x, std::optional<std::int64_t> axis, const Loc &loc) {
  const Array in = is_floating(x.dtype()) ? x : x.astype(int64, loc);
  if (!axis || x.ndim() == 0) {
    if (axis && *axis != 0 && *axis != -1)
      normalize_axis(*axis, 0); // throws numpy's AxisError text
    return {in.reshape({x.size()}, loc), 0};
  }
  return {in, normalize_axis(*axis, x.ndim())};
}

} // namespace

// cumsum and cumprod are compositions: each op they call records itself.

Array cumsum(const Array &x, std::optional<std::int64_t> axis, Loc loc) {
  const auto [in, a] = scan_input(x, axis, loc);
  const Array ones =
      detail::scalar(1, in.dtype()).broadcast_to(in.shape(), loc);
  return detail::linear_scan(ones, in, {a, false, false}, "CumSum", loc);
}

Array cumprod(const Array &x, std::optional<std::int64_t> axis, Loc loc) {
  const auto [in, a] = scan_input(x, axis, loc);
  // b = [x_0, -0, -0, ...]: -0 leaves every product as it is (+0 would
  // turn a -0 product into +0).
  Shape first_shape(static_cast<std::size_t>(in.ndim()), 1);
  first_shape[static_cast<std::size_t>(a)] = in.shape()[a];
  const Array first = arange(in.shape()[a]).reshape(first_shape, loc) == 0;
  const Array b = where(first, in, detail::scalar(-0.0, in.dtype()), loc);
  return detail::linear_scan(in, b, {a, false, false}, "CumProd", loc);
}

} // namespace npg
