#pragma once
// npg::Array: an n-d array with numpy semantics that records, when grad mode
// is on and an input requires grad, the autograd graph that produced it.
#include "npg/runtime/DType.h"
#include "npg/runtime/Error.h"
#include "npg/runtime/Scalar.h"
#include "npg/runtime/Shape.h"

#include <concepts>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace npg {

class Function;
class Index;
struct ArrayImpl;

/// Where in the user's code an op was called: traces attach it to the IR.
using Loc = std::source_location;

/// A value with the source location of the expression that passes it, for
/// operators, which cannot take a defaulted Loc parameter of their own.
template <class T> struct Located {
  Located(T value, Loc loc = Loc::current()) : value(value), loc(loc) {}
  /// From what converts to T (a C++ number for a Scalar) in one step, so
  /// that `x += 1` can reach an operator taking a Located<Scalar>.
  template <class U>
  requires(!std::is_same_v<std::remove_cvref_t<U>, std::remove_cvref_t<T>> &&
           std::is_convertible_v<U &&, T>)
      Located(U &&value, Loc loc = Loc::current())
      : value(std::forward<U>(value)), loc(loc) {}
  T value;
  Loc loc;
};

/// What factory functions take after the shape: a dtype, requires_grad, or
/// both: zeros({2, 3}), zeros({2, 3}, npg::float32), zeros({2, 3}, true),
/// zeros({2, 3}, {npg::float32, true}).
struct Options {
  std::optional<DType> dtype;
  bool requires_grad = false;

  Options() = default;
  Options(DType d) : dtype(d) {}
  template <class B>
  requires std::same_as<B, bool> Options(B requires_grad)
      : requires_grad(requires_grad) {}
  Options(DType d, bool requires_grad)
      : dtype(d), requires_grad(requires_grad) {}
};

class Array {
public:
  /// An undefined array, like a default-constructed torch::Tensor.
  Array() = default;
  explicit Array(std::shared_ptr<ArrayImpl> impl) : impl_(std::move(impl)) {}
  bool defined() const { return impl_ != nullptr; }
  const std::shared_ptr<ArrayImpl> &impl() const { return impl_; }

  // --- Metadata -----------------------------------------------------------
  const Shape &shape() const;
  std::int64_t ndim() const;
  std::int64_t size() const;
  DType dtype() const;
  /// Strides in elements, as in LibTorch (numpy's are in bytes).
  const Strides &strides() const;
  std::int64_t offset() const;
  bool is_contiguous() const;
  std::size_t itemsize() const;
  std::size_t nbytes() const;
  /// Bumped by every in-place write to this array's storage.
  std::uint64_t version() const;

  // --- Autograd -----------------------------------------------------------
  bool requires_grad() const;
  Array &requires_grad_(bool requires_grad = true);
  bool is_leaf() const;
  std::shared_ptr<Function> grad_fn() const;
  std::vector<Array> parents() const;
  /// Accumulates d(this)/d(leaf) into every leaf's grad. Without `grad` this
  /// must have one element and is seeded with 1.
  void backward(const std::optional<Array> &grad = std::nullopt,
                bool retain_graph = false, Loc loc = Loc::current()) const;
  /// Empty until a backward reaches this array (leaves, or retain_grad()).
  std::optional<Array> grad() const;
  /// Empties grad(); refused inside a traced function (a trace records
  /// array operations, which this is not).
  void zero_grad(Loc loc = Loc::current());
  /// Keep this non-leaf array's gradient in grad() during backward.
  Array &retain_grad();
  bool retains_grad() const;
  /// numpygrad's label: a name this array carries (empty by default), shown
  /// by to_dot's picture of the graph. Handles of one array share it; views
  /// and results are new arrays, without one.
  const std::string &label() const;
  Array &set_label(std::string label);
  /// The same storage, cut from the graph; data() is numpygrad's spelling.
  Array detach(Loc loc = Loc::current()) const;
  Array data(Loc loc = Loc::current()) const { return detach(loc); }

  // --- Host access --------------------------------------------------------
  /// The element at `offset()`, typed; throws unless dtype() matches T.
  template <class T> T *data_ptr() const;
  void *raw_data() const;
  template <class T> T item(Loc loc = Loc::current()) const;
  template <class T> std::vector<T> to_vector(Loc loc = Loc::current()) const;

  // --- Elementwise (differentiable) ----------------------------------------
  Array neg(Loc loc = Loc::current()) const;
  Array exp(Loc loc = Loc::current()) const;
  Array log(Loc loc = Loc::current()) const;
  Array log1p(Loc loc = Loc::current()) const;
  Array expm1(Loc loc = Loc::current()) const;
  Array sqrt(Loc loc = Loc::current()) const;
  Array abs(Loc loc = Loc::current()) const;
  Array tanh(Loc loc = Loc::current()) const;
  Array sigmoid(Loc loc = Loc::current()) const;
  Array relu(Loc loc = Loc::current()) const;
  Array sign(Loc loc = Loc::current()) const;
  Array sin(Loc loc = Loc::current()) const;
  Array cos(Loc loc = Loc::current()) const;
  Array tan(Loc loc = Loc::current()) const;
  Array floor(Loc loc = Loc::current()) const;
  Array ceil(Loc loc = Loc::current()) const;
  Array softplus(Loc loc = Loc::current()) const;
  Array gelu(Loc loc = Loc::current()) const;
  Array clip(std::optional<Scalar> lo, std::optional<Scalar> hi,
             Loc loc = Loc::current()) const;
  Array maximum(const Array &other, Loc loc = Loc::current()) const;
  Array minimum(const Array &other, Loc loc = Loc::current()) const;
  Array pow(const Array &exponent, Loc loc = Loc::current()) const;
  Array pow(Scalar exponent, Loc loc = Loc::current()) const;
  Array matmul(const Array &other, Loc loc = Loc::current()) const;

  // --- Reductions ---------------------------------------------------------
  Array sum(Axes axis = {}, bool keepdims = false,
            Loc loc = Loc::current()) const;
  Array mean(Axes axis = {}, bool keepdims = false,
             Loc loc = Loc::current()) const;
  Array max(Axes axis = {}, bool keepdims = false,
            Loc loc = Loc::current()) const;
  Array min(Axes axis = {}, bool keepdims = false,
            Loc loc = Loc::current()) const;
  Array all(Axes axis = {}, bool keepdims = false,
            Loc loc = Loc::current()) const;
  Array prod(Axes axis = {}, bool keepdims = false,
             Loc loc = Loc::current()) const;
  Array argmax(std::optional<std::int64_t> axis = std::nullopt,
               bool keepdims = false, Loc loc = Loc::current()) const;
  Array argmin(std::optional<std::int64_t> axis = std::nullopt,
               bool keepdims = false, Loc loc = Loc::current()) const;
  Array var(Axes axis = {}, std::int64_t ddof = 0, bool keepdims = false,
            Loc loc = Loc::current()) const;
  Array std(Axes axis = {}, std::int64_t ddof = 0, bool keepdims = false,
            Loc loc = Loc::current()) const;
  Array logsumexp(Axes axis = {}, bool keepdims = false,
                  Loc loc = Loc::current()) const;
  Array softmax(std::int64_t axis = -1, Loc loc = Loc::current()) const;
  Array log_softmax(std::int64_t axis = -1, Loc loc = Loc::current()) const;
  Array cumsum(std::optional<std::int64_t> axis = std::nullopt,
               Loc loc = Loc::current()) const;
  Array cumprod(std::optional<std::int64_t> axis = std::nullopt,
                Loc loc = Loc::current()) const;
  Array any(Axes axis = {}, bool keepdims = false,
            Loc loc = Loc::current()) const;

  // --- Shape (views where numpy returns views) ------------------------------
  Array reshape(Shape shape, Loc loc = Loc::current()) const;
  Array transpose(Loc loc = Loc::current()) const;
  Array transpose(std::vector<std::int64_t> axes,
                  Loc loc = Loc::current()) const;
  Array transpose(std::int64_t axis1, std::int64_t axis2,
                  Loc loc = Loc::current()) const;
  Array T(Loc loc = Loc::current()) const { return transpose(loc); }
  Array permute(std::vector<std::int64_t> axes, Loc loc = Loc::current()) const;
  Array squeeze(Axes axis = {}, Loc loc = Loc::current()) const;
  Array unsqueeze(std::int64_t axis, Loc loc = Loc::current()) const;
  Array flatten(Loc loc = Loc::current()) const;
  /// numpy's a[..., start:stop:step, ...] on one axis; empty bounds mean
  /// "from the start" / "to the end", negative ones count from the end.
  Array slice(std::int64_t axis, std::optional<std::int64_t> start,
              std::optional<std::int64_t> stop, std::int64_t step = 1,
              Loc loc = Loc::current()) const;
  /// numpy's a[..., index, ...] on one axis: that axis is removed.
  Array select(std::int64_t axis, std::int64_t index,
               Loc loc = Loc::current()) const;
  Array operator[](Located<std::int64_t> index) const {
    return select(0, index.value, index.loc);
  }
  Array broadcast_to(Shape shape, Loc loc = Loc::current()) const;

  // --- Indexing by arrays (npg/Indexing.h) ---------------------------------
  /// numpy's x[indices]: take along axis 0 for an integer array, the
  /// selected elements for a bool mask.
  Array operator[](Located<const Array &> indices) const;
  Array index(const Array &indices, Loc loc = Loc::current()) const;
  Array take(const Array &indices,
             std::optional<std::int64_t> axis = std::nullopt,
             Loc loc = Loc::current()) const;
  Array index_add(std::int64_t axis, const Array &indices, const Array &source,
                  Loc loc = Loc::current()) const;
  Array masked_fill(const Array &mask, Scalar value,
                    Loc loc = Loc::current()) const;
  Array masked_fill(const Array &mask, const Array &value,
                    Loc loc = Loc::current()) const;
  Array contiguous(Loc loc = Loc::current()) const;
  Array copy(Loc loc = Loc::current()) const;

  // --- Linear algebra and triangles (see Ops.h) -----------------------------
  Array dot(const Array &other, Loc loc = Loc::current()) const;
  Array norm(std::optional<double> ord = std::nullopt, Axes axis = {},
             bool keepdims = false, Loc loc = Loc::current()) const;
  Array diagonal(std::int64_t offset = 0, std::int64_t axis1 = 0,
                 std::int64_t axis2 = 1, Loc loc = Loc::current()) const;
  Array trace(std::int64_t offset = 0, std::int64_t axis1 = 0,
              std::int64_t axis2 = 1, Loc loc = Loc::current()) const;
  /// numpy's ndarray.repeat (PyTorch's repeat_interleave), not torch's tile.
  Array repeat(std::int64_t repeats,
               std::optional<std::int64_t> axis = std::nullopt,
               Loc loc = Loc::current()) const;
  Array triu(std::int64_t k = 0, Loc loc = Loc::current()) const;
  Array tril(std::int64_t k = 0, Loc loc = Loc::current()) const;
  /// npg::split: `sections` equal views along `axis`, or views cut at
  /// `indices`.
  std::vector<Array> split(std::int64_t sections, std::int64_t axis = 0,
                           Loc loc = Loc::current()) const;
  std::vector<Array> split(std::vector<std::int64_t> indices,
                           std::int64_t axis = 0,
                           Loc loc = Loc::current()) const;

  // --- Not differentiable: results have no grad_fn -------------------------
  Array astype(DType dtype, Loc loc = Loc::current()) const;
  std::vector<Array> nonzero(Loc loc = Loc::current()) const;
  Array round(int decimals = 0, Loc loc = Loc::current()) const;
  Array isnan(Loc loc = Loc::current()) const;
  Array isinf(Loc loc = Loc::current()) const;
  Array isfinite(Loc loc = Loc::current()) const;
  /// In place: every element becomes `value`; bumps the version.
  Array &fill(Scalar value, Loc loc = Loc::current());
  /// In place, ascending along `axis`; bumps the version.
  Array &sort(std::int64_t axis = -1, Loc loc = Loc::current());

  // --- In-place arithmetic (bumps the version; refused on arrays that
  // require grad while grad mode is on, as in PyTorch, on arrays whose
  // elements share memory (a broadcast_to view), when numpy's same_kind rule
  // forbids the cast back (a float result into an int array, a number into a
  // bool one), and inside traced functions) ---------------------------------
  // (The operand carries the caller's source location, for the errors.)
  Array &operator+=(Located<const Array &> other);
  Array &operator-=(Located<const Array &> other);
  Array &operator*=(Located<const Array &> other);
  Array &operator/=(Located<const Array &> other);
  Array &operator+=(Located<Scalar> other);
  Array &operator-=(Located<Scalar> other);
  Array &operator*=(Located<Scalar> other);
  Array &operator/=(Located<Scalar> other);
  /// Copies `src` (broadcast, cast) into this array in place.
  Array &assign(const Array &src, Loc loc = Loc::current());
  /// In place: the positions `index` names (npg::Index: an integer, a
  /// Slice or an integer array, along an axis) become `value` (broadcast,
  /// cast), or have it added with `accumulate` (repeated indices then add
  /// up); bumps the version.
  Array &index_put_(const Index &index, const Array &value,
                    bool accumulate = false, Loc loc = Loc::current());
  Array &index_put_(const Index &index, Scalar value, bool accumulate = false,
                    Loc loc = Loc::current());

private:
  const ArrayImpl &checked() const;
  std::shared_ptr<ArrayImpl> impl_;
};

/// An Array operand of an operator, with its source location.
using Operand = Located<const Array &>;

/// Throws npg::Error when `a` is being traced and `what` (at `loc`) would
/// read its value back to the host.
void check_host_read(const Array &a, std::string_view what, const Loc &loc);

std::ostream &operator<<(std::ostream &os, const Array &a);
/// numpy's repr of `a`, e.g. "array([[1., 2.],\n       [3., 4.]])".
std::string repr(const Array &a);

// ---------------------------------------------------------------------------

template <class T> T *Array::data_ptr() const {
  if (dtype() != dtype_of<T>())
    fail("data_ptr: the array has dtype ", dtype(), ", not ", dtype_of<T>());
  return static_cast<T *>(raw_data());
}

template <class T> T Array::item(Loc loc) const {
  check_host_read(*this, "item()", loc);
  if (size() != 1)
    fail("item(): can only convert an array of size 1 to a scalar, but the "
         "array has shape ",
         format_shape(shape()));
  return visit(dtype(), [&]<class U>(std::type_identity<U>) {
    return static_cast<T>(*static_cast<const U *>(raw_data()));
  });
}

template <class T> std::vector<T> Array::to_vector(Loc loc) const {
  check_host_read(*this, "to_vector()", loc);
  const Array c = contiguous();
  return visit(dtype(), [&]<class U>(std::type_identity<U>) {
    const U *p = static_cast<const U *>(c.raw_data());
    return std::vector<T>(p, p + c.size());
  });
}

} // namespace npg
