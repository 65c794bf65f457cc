// Linear algebra beyond matmul: numpy's dot, norm, diagonal and trace. dot,
// norm and trace are compositions of traced ops (their gradients are those
// ops' rules); diagonal is a strided view that records the transpose,
// reshape and strided slice that take the same elements, and whose gradient
// is theirs.
#include "autograd/EagerAlgebra.h"
#include "Internal.h"
#include "compile/Tracing.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace npg {

using detail::attach;
using detail::needs_grad;

// --- dot ---------------------------------------------------------------------

Array dot(const Array &a, const Array &b, Loc loc) {
  if (a.ndim() == 0 || b.ndim() == 0)
    return mul(a, b, loc);
  // numpy sums a's last axis against b's second-to-last (its only one, 1-D).
  const std::int64_t ka = a.ndim() - 1;
  const std::int64_t kb = b.ndim() == 1 ? 0 : b.ndim() - 2;
  if (a.shape()[ka] != b.shape()[kb])
    fail("shapes ", format_shape(a.shape()), " and ", format_shape(b.shape()),
         " not aligned: ", a.shape()[ka], " (dim ", ka, ") != ", b.shape()[kb],
         " (dim ", kb, ")");
  // Where b has at most two axes, or a one, numpy's dot is matmul.
  if (b.ndim() <= 2 || a.ndim() == 1)
    return matmul(a, b, loc);
  // Otherwise dot(a, b)[i..., j..., m] = sum_k a[i..., k] b[j..., k, m]: a as
  // rows (A, k) times b with its k axis moved first, as (k, B·m).
  const std::int64_t k = a.shape()[ka];
  const Shape lead_a(a.shape().begin(), a.shape().end() - 1);
  std::vector<std::int64_t> perm = {kb};
  for (std::int64_t i = 0; i < b.ndim(); ++i)
    if (i != kb)
      perm.push_back(i);
  const Array a2 = reshape(a, {numel(lead_a), k}, loc);
  Shape result = lead_a;
  std::int64_t rest = 1;
  for (std::int64_t i = 0; i < b.ndim(); ++i)
    if (i != kb) {
      result.push_back(b.shape()[i]);
      rest *= b.shape()[i];
    }
  const Array b2 = reshape(permute(b, perm, loc), {k, rest}, loc);
  return reshape(matmul(a2, b2, loc), result, loc);
}

// --- norm --------------------------------------------------------------------

Array norm(const Array &x, std::optional<double> ord, Axes axis, bool keepdims,
           Loc loc) {
  const std::vector<bool> mask = axis.mask(x.ndim());
  const std::int64_t count = std::count(mask.begin(), mask.end(), true);
  // numpy: a vector norm over one axis, a matrix norm over two; without axes
  // and without ord, the 2-norm of the flattened array.
  const std::int64_t norm_axes = axis.all() ? x.ndim() : count;
  if ((!axis.all() || ord) && (norm_axes < 1 || norm_axes > 2))
    fail("Improper number of dimensions to norm: ", norm_axes,
         " axes of an array of shape ", format_shape(x.shape()));
  if (ord && norm_axes == 2)
    fail("norm: only the Frobenius matrix norm (ord=None) is implemented, "
         "got ord=",
         *ord, " over two axes of shape ", format_shape(x.shape()));
  const double p = ord.value_or(2.0);
  if (std::isnan(p))
    fail("Invalid norm order 'nan' for vectors");

  std::vector<std::int64_t> axes;
  Shape kept = x.shape();
  for (std::int64_t i = 0; i < x.ndim(); ++i)
    if (mask[i]) {
      axes.push_back(i);
      kept[i] = 1;
    }
  // Ints compute in float64, as numpy's; floats keep their dtype.
  const DType dtype = detail::float_dtype(x.dtype());
  const Array xf = x.dtype() == dtype ? x : astype(x, dtype, loc);
  Array n;
  {
    // Composed of public ops, which record both the trace and the autograd
    // graph: its gradient is theirs, eager and compiled alike (guarded
    // against sqrt' and pow' at 0: 0 at a zero vector, as PyTorch).
    const Array one = ones({}, dtype);
    // f(v) where v != 0, and +0 = v - v where v == 0, with f evaluated at
    // 1 there: the gradient at 0 is then g - g, 0 for a finite g (no
    // inf * 0 = NaN from f'), NaN for a NaN or inf g, as PyTorch's
    // g * (x / norm masked to 0).
    auto at_nonzero = [&](const Array &v, auto f) {
      const Array z = Operand(v, loc) == 0.0;
      return where(z, sub(v, v, loc), f(where(z, one, v, loc)), loc);
    };
    auto safe_root = [&](const Array &s, double inv) {
      return at_nonzero(s, [&](const Array &v) {
        return inv == 0.5 ? sqrt(v, loc) : pow(v, inv, loc);
      });
    };
    if (p == 2)
      n = safe_root(sum(mul(xf, xf, loc), axes, true, loc), 0.5);
    else if (p == 1)
      n = sum(abs(xf, loc), axes, true, loc);
    else if (p == std::numeric_limits<double>::infinity())
      n = max(abs(xf, loc), axes, true, loc);
    else if (p == -std::numeric_limits<double>::infinity())
      n = min(abs(xf, loc), axes, true, loc);
    else if (p == 0)
      n = sum(astype(Operand(xf, loc) != 0.0, dtype, loc), axes, true, loc);
    else // |x|^p's slope at 0 is inf for p < 1: PyTorch takes it as 0
      n = safe_root(
          sum(at_nonzero(
                  xf, [&](const Array &v) { return pow(abs(v, loc), p, loc); }),
              axes, true, loc),
          1.0 / p);
  }
  Shape result;
  for (std::int64_t i = 0; i < x.ndim(); ++i)
    if (!mask[i] || keepdims)
      result.push_back(kept[i]);
  Array y = keepdims ? n : reshape(n, result, loc);
  return y;
}

// --- diagonal, trace
// ----------------------------------------------------------

Array diagonal(const Array &x, std::int64_t offset, std::int64_t axis1,
               std::int64_t axis2, Loc loc) {
  tracing::OpScope op(loc);
  if (x.ndim() < 2)
    fail("diag requires an array of at least two dimensions, got shape ",
         format_shape(x.shape()));
  const std::int64_t a1 = normalize_axis(axis1, x.ndim());
  const std::int64_t a2 = normalize_axis(axis2, x.ndim());
  if (a1 == a2)
    fail("axis1 and axis2 cannot be the same: both are axis ", a1, " of shape ",
         format_shape(x.shape()));
  const std::int64_t rows = x.shape()[a1], cols = x.shape()[a2];
  // Elements (i, i + offset), or (i - offset, i) below the main diagonal.
  const std::int64_t len =
      std::max<std::int64_t>(0, offset >= 0 ? std::min(rows, cols - offset)
                                            : std::min(rows + offset, cols));
  const std::int64_t first = offset >= 0 ? offset : -offset * cols;
  Shape shape;
  Strides strides;
  std::vector<std::int64_t> perm;
  for (std::int64_t i = 0; i < x.ndim(); ++i)
    if (i != a1 && i != a2) {
      shape.push_back(x.shape()[i]);
      strides.push_back(x.strides()[i]);
      perm.push_back(i);
    }
  shape.push_back(len);
  strides.push_back(x.strides()[a1] + x.strides()[a2]);
  const std::int64_t start = len == 0
                                 ? 0
                                 : (offset >= 0 ? offset * x.strides()[a2]
                                                : -offset * x.strides()[a1]);
  Array y = detail::view(x, shape, strides, x.offset() + start);

  // Traced as the same elements: x moved to (..., rows, cols), flattened to
  // (..., rows·cols) and sliced with step cols + 1; its gradient undoes
  // those three.
  perm.push_back(a1);
  perm.push_back(a2);
  Shape moved(shape.begin(), shape.end() - 1);
  moved.push_back(rows);
  moved.push_back(cols);
  Shape flat(shape.begin(), shape.end() - 1);
  flat.push_back(rows * cols);
  const std::int64_t last = static_cast<std::int64_t>(flat.size()) - 1;
  const ops::Attrs<ops::OpKind::Slice> diag =
      len == 0
          ? detail::axis_slice(flat, last, 0, 0, 1)
          : detail::axis_slice(flat, last, first,
                               first + (len - 1) * (cols + 1) + 1, cols + 1);
  const ops::Attrs<ops::OpKind::Transpose> move{perm};
  if (tracing::Recorder *rec = op.recorder()) {
    const int t = rec->emit<ops::OpKind::Transpose>(
        {rec->value(x)}, {moved, x.dtype()}, move, loc);
    const int f =
        rec->emit(ops::OpKind::Reshape, {t}, {flat, x.dtype()}, {}, loc);
    op.record_values<ops::OpKind::Slice>({f}, y, diag);
  }
  if (needs_grad(x))
    attach(y, "Diagonal", {x}, {},
           [=](const Array &g, const BackwardContext &c) -> Grads {
             using detail::movement_vjp;
             const Array gf = movement_vjp<ops::OpKind::Slice>(flat, diag, g);
             const Array gm = movement_vjp<ops::OpKind::Reshape>(moved, {}, gf);
             return {movement_vjp<ops::OpKind::Transpose>(c.parents[0].shape(),
                                                          move, gm)};
           });
  return y;
}

Array trace(const Array &x, std::int64_t offset, std::int64_t axis1,
            std::int64_t axis2, Loc loc) {
  return sum(diagonal(x, offset, axis1, axis2, loc), -1, false, loc);
}

} // namespace npg
