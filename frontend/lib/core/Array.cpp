// Array's own members: metadata, autograd state, and the methods that
// forward to the free functions of Ops.h.
#include "Internal.h"
#include "compile/Tracing.h"

namespace npg {

const ArrayImpl &Array::checked() const {
  if (!impl_)
    fail("the array is undefined (default-constructed)");
  return *impl_;
}

const Shape &Array::shape() const { return checked().shape; }
std::int64_t Array::ndim() const {
  return static_cast<std::int64_t>(checked().shape.size());
}
std::int64_t Array::size() const { return numel(checked().shape); }
DType Array::dtype() const { return checked().dtype; }
const Strides &Array::strides() const { return checked().strides; }
std::int64_t Array::offset() const { return checked().offset; }
std::size_t Array::itemsize() const { return npg::itemsize(dtype()); }
std::size_t Array::nbytes() const { return size() * itemsize(); }
std::uint64_t Array::version() const { return checked().storage->version(); }
void *Array::raw_data() const { return checked().data(); }

bool Array::is_contiguous() const {
  const ArrayImpl &a = checked();
  std::int64_t expected = 1;
  for (std::size_t i = a.shape.size(); i-- > 0;) {
    if (a.shape[i] != 1 && a.strides[i] != expected)
      return false;
    expected *= a.shape[i];
  }
  return true;
}

// --- Autograd state ----------------------------------------------------------

bool Array::requires_grad() const { return checked().requires_grad; }

Array &Array::requires_grad_(bool requires_grad) {
  ArrayImpl &a = const_cast<ArrayImpl &>(checked());
  if (requires_grad && !is_floating(a.dtype))
    fail("only arrays of floating point dtype can require gradients, but "
         "this one has dtype ",
         a.dtype);
  if (!requires_grad && a.grad_fn)
    fail("requires_grad_(false) on a non-leaf array; use detach() instead");
  a.requires_grad = requires_grad;
  return *this;
}

bool Array::is_leaf() const { return checked().grad_fn == nullptr; }
std::shared_ptr<Function> Array::grad_fn() const { return checked().grad_fn; }

std::vector<Array> Array::parents() const {
  const auto &fn = checked().grad_fn;
  return fn ? fn->parents() : std::vector<Array>{};
}

void Array::backward(const std::optional<Array> &grad, bool retain_graph,
                     Loc loc) const {
  const ArrayImpl &a = checked();
  if (!a.requires_grad)
    fail("backward(): the array (shape ", format_shape(a.shape),
         ") does not require grad and has no grad_fn; call requires_grad_() "
         "on an input before computing it");
  // In a trace, the derivative rules' ops are recorded as they run.
  tracing::Recorder *r = tracing::user_level();
  if (r)
    r->begin_backward();
  struct End {
    tracing::Recorder *r;
    ~End() {
      if (r)
        r->end_backward();
    }
  } end{r};
  Array seed;
  if (grad) {
    if (grad->shape() != a.shape)
      fail("backward(): the gradient has shape ", format_shape(grad->shape()),
           " but the array has shape ", format_shape(a.shape));
    seed = grad->dtype() == a.dtype ? *grad : grad->astype(a.dtype);
  } else {
    if (size() != 1)
      fail("backward(): a gradient can be implicitly created only for an "
           "array of one element, but the array has shape ",
           format_shape(a.shape), "; pass a gradient of that shape");
    seed = ones(a.shape, a.dtype);
  }
  run_backward(*this, seed, retain_graph);
}

std::optional<Array> Array::grad() const {
  const auto &g = checked().grad;
  if (tracing::Recorder *r = tracing::user_level())
    r->grad_slot(*this, /*reads=*/true);
  return g ? std::optional<Array>(Array(g)) : std::nullopt;
}

void Array::zero_grad(Loc loc) {
  ArrayImpl &a = const_cast<ArrayImpl &>(checked());
  if (tracing::Recorder *r = tracing::active())
    r->grad_slot(*this, /*reads=*/false);
  a.grad.reset();
}

Array &Array::retain_grad() {
  ArrayImpl &a = const_cast<ArrayImpl &>(checked());
  if (!a.requires_grad)
    fail("retain_grad() on an array that does not require grad");
  a.retains_grad = a.grad_fn != nullptr;
  return *this;
}

bool Array::retains_grad() const { return checked().retains_grad; }

const std::string &Array::label() const { return checked().label; }

Array &Array::set_label(std::string label) {
  const_cast<ArrayImpl &>(checked()).label = std::move(label);
  return *this;
}

Array Array::detach(Loc loc) const {
  const ArrayImpl &a = checked();
  tracing::OpScope op(loc);
  Array d = detail::view(*this, a.shape, a.strides, a.offset);
  op.record<ops::OpKind::StopGradient>({*this}, d);
  return d;
}

// --- Methods forwarding to the op table
// ----------------------------------------

Array Array::neg(Loc loc) const { return npg::neg(*this, loc); }
Array Array::exp(Loc loc) const { return npg::exp(*this, loc); }
Array Array::log(Loc loc) const { return npg::log(*this, loc); }
Array Array::log1p(Loc loc) const { return npg::log1p(*this, loc); }
Array Array::expm1(Loc loc) const { return npg::expm1(*this, loc); }
Array Array::sqrt(Loc loc) const { return npg::sqrt(*this, loc); }
Array Array::abs(Loc loc) const { return npg::abs(*this, loc); }
Array Array::tanh(Loc loc) const { return npg::tanh(*this, loc); }
Array Array::sigmoid(Loc loc) const { return npg::sigmoid(*this, loc); }
Array Array::relu(Loc loc) const { return npg::relu(*this, loc); }
Array Array::sign(Loc loc) const { return npg::sign(*this, loc); }
Array Array::pow(const Array &e, Loc loc) const {
  return npg::pow(*this, e, loc);
}
Array Array::pow(Scalar e, Loc loc) const { return npg::pow(*this, e, loc); }
Array Array::matmul(const Array &other, Loc loc) const {
  return npg::matmul(*this, other, loc);
}
Array Array::sum(Axes axis, bool keepdims, Loc loc) const {
  return npg::sum(*this, std::move(axis), keepdims, loc);
}
Array Array::mean(Axes axis, bool keepdims, Loc loc) const {
  return npg::mean(*this, std::move(axis), keepdims, loc);
}
Array Array::max(Axes axis, bool keepdims, Loc loc) const {
  return npg::max(*this, std::move(axis), keepdims, loc);
}
Array Array::min(Axes axis, bool keepdims, Loc loc) const {
  return npg::min(*this, std::move(axis), keepdims, loc);
}
Array Array::all(Axes axis, bool keepdims, Loc loc) const {
  return npg::all(*this, std::move(axis), keepdims, loc);
}
Array Array::any(Axes axis, bool keepdims, Loc loc) const {
  return npg::any(*this, std::move(axis), keepdims, loc);
}
Array Array::reshape(Shape shape, Loc loc) const {
  return npg::reshape(*this, std::move(shape), loc);
}
Array Array::transpose(Loc loc) const { return npg::transpose(*this, loc); }
Array Array::transpose(std::vector<std::int64_t> axes, Loc loc) const {
  return npg::transpose(*this, std::move(axes), loc);
}
Array Array::transpose(std::int64_t axis1, std::int64_t axis2, Loc loc) const {
  return npg::swapaxes(*this, axis1, axis2, loc);
}
Array Array::permute(std::vector<std::int64_t> axes, Loc loc) const {
  return npg::permute(*this, std::move(axes), loc);
}
Array Array::squeeze(Axes axis, Loc loc) const {
  return npg::squeeze(*this, std::move(axis), loc);
}
Array Array::unsqueeze(std::int64_t axis, Loc loc) const {
  return npg::unsqueeze(*this, axis, loc);
}
Array Array::flatten(Loc loc) const { return npg::flatten(*this, loc); }
Array Array::slice(std::int64_t axis, std::optional<std::int64_t> start,
                   std::optional<std::int64_t> stop, std::int64_t step,
                   Loc loc) const {
  return npg::slice(*this, axis, start, stop, step, loc);
}
Array Array::select(std::int64_t axis, std::int64_t index, Loc loc) const {
  return npg::select(*this, axis, index, loc);
}
Array Array::broadcast_to(Shape shape, Loc loc) const {
  return npg::broadcast_to(*this, std::move(shape), loc);
}
Array Array::contiguous(Loc loc) const { return npg::contiguous(*this, loc); }
Array Array::copy(Loc loc) const { return npg::copy(*this, loc); }
Array Array::astype(DType dtype, Loc loc) const {
  return npg::astype(*this, dtype, loc);
}
std::vector<Array> Array::nonzero(Loc loc) const {
  return npg::nonzero(*this, loc);
}
Array Array::round(int decimals, Loc loc) const {
  return npg::round(*this, decimals, loc);
}

// --- In place
// --------------------------------------------------------------------

Array &Array::assign(const Array &src, Loc loc) {
  // A trace records the write as this array's new value (the ops below, a
  // cast or copy, are not the outermost call and record nothing).
  const tracing::OpScope op(loc);
  detail::check_inplace(*this, "assign");
  if (is_grad_enabled() && src.requires_grad())
    fail("an in-place write of an array that requires grad into one that "
         "does not would lose its gradient (shape ",
         format_shape(shape()),
         "); write x = x + y instead, or wrap it in npg::NoGradGuard");
  bool fits = src.ndim() <= ndim();
  for (std::int64_t i = 1; fits && i <= src.ndim(); ++i)
    fits = src.shape()[src.ndim() - i] == 1 ||
           src.shape()[src.ndim() - i] == shape()[ndim() - i];
  if (!fits)
    fail("could not broadcast input array from shape ",
         format_shape(src.shape()), " into shape ", format_shape(shape()));
  const Array s = src.dtype() == dtype() ? src : src.astype(dtype());
  // The source may overlap this array (x.assign(x.T())): read a copy then.
  const Array from = s.impl()->storage == impl_->storage ? s.copy() : s;
  const Strides fs = broadcast_strides(from.shape(), from.strides(), shape());
  visit(dtype(), [&]<class T>(std::type_identity<T>) {
    std::array<const std::int64_t *, 2> st{strides().data(), fs.data()};
    T *out = static_cast<T *>(raw_data());
    const T *in = static_cast<const T *>(from.raw_data());
    loops::for_each_run<2>(
        shape(), st, [&](const auto &off, const auto &is, std::int64_t n) {
          for (std::int64_t j = 0; j < n; ++j)
            out[off[0] + j * is[0]] = in[off[1] + j * is[1]];
        });
  });
  impl_->storage->bump_version();
  if (tracing::Recorder *r = op.recorder())
    r->write(*this, r->value(src), loc);
  return *this;
}

namespace {

/// 0 for bool, 1 for integers, 2 for floats: numpy's same_kind rule lets a
/// value be written back into an array of its own kind or a higher one.
int kind(DType d) { return is_floating(d) ? 2 : is_integer(d) ? 1 : 0; }

/// x op= y: refused where assign() would refuse, and checked first, before
/// `compute` (x op y) runs; then numpy's same_kind rule for the result.
template <class F>
Array &update(Array &x, const char *op, const Loc &loc, F compute) {
  detail::check_inplace(x, op);
  const Array result = compute();
  if (kind(result.dtype()) > kind(x.dtype()))
    fail("Cannot cast the result of ", op, " from dtype ", result.dtype(),
         " to dtype ", x.dtype(),
         " in place (numpy's same_kind rule); compute a new array instead, "
         "or cast with astype()");
  return x.assign(result, loc);
}

} // namespace

Array &Array::operator+=(Located<const Array &> o) {
  return update(*this, "+=", o.loc, [&] { return add(*this, o.value, o.loc); });
}
Array &Array::operator-=(Located<const Array &> o) {
  return update(*this, "-=", o.loc, [&] { return sub(*this, o.value, o.loc); });
}
Array &Array::operator*=(Located<const Array &> o) {
  return update(*this, "*=", o.loc, [&] { return mul(*this, o.value, o.loc); });
}
Array &Array::operator/=(Located<const Array &> o) {
  return update(*this, "/=", o.loc, [&] { return div(*this, o.value, o.loc); });
}
Array &Array::operator+=(Located<Scalar> o) {
  return update(*this, "+=", o.loc,
                [&] { return Operand(*this, o.loc) + o.value; });
}
Array &Array::operator-=(Located<Scalar> o) {
  return update(*this, "-=", o.loc,
                [&] { return Operand(*this, o.loc) - o.value; });
}
Array &Array::operator*=(Located<Scalar> o) {
  return update(*this, "*=", o.loc,
                [&] { return Operand(*this, o.loc) * o.value; });
}
Array &Array::operator/=(Located<Scalar> o) {
  return update(*this, "/=", o.loc,
                [&] { return Operand(*this, o.loc) / o.value; });
}

} // namespace npg

namespace npg {
void check_host_read(const Array &a, std::string_view what, const Loc &loc) {
  tracing::check_host_read(a, what, loc);
}
} // namespace npg
