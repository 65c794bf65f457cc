#pragma once
// Indexing by integer arrays (numpy's take, PyTorch's index_add, embedding),
// masked_fill, and setitem: x with some positions replaced, as a new array.
// Gradients scatter-add, so repeated indices accumulate.
#include "npg/Array.h"

#include <optional>

namespace npg {

/// numpy's start:stop:step on one axis (empty bounds: from the start / to the
/// end; negative ones count from the end).
struct Slice {
  std::optional<std::int64_t> start;
  std::optional<std::int64_t> stop;
  std::int64_t step = 1;
};

/// Where setitem and index_put_ write, along `axis`: one position (x[i], the
/// axis removed), a slice (x[start:stop:step]) or an integer array
/// (x[indices]: positions in the order and shape of `indices`).
class Index {
public:
  enum class Kind { Integer, Slice, Array };
  Index(std::int64_t index, std::int64_t axis = 0)
      : kind_(Kind::Integer), integer_(index), axis_(axis) {}
  Index(npg::Slice slice, std::int64_t axis = 0)
      : kind_(Kind::Slice), slice_(slice), axis_(axis) {}
  Index(npg::Array indices, std::int64_t axis = 0)
      : kind_(Kind::Array), indices_(std::move(indices)), axis_(axis) {}

  Kind kind() const { return kind_; }
  std::int64_t integer() const { return integer_; }
  const npg::Slice &slice() const { return slice_; }
  const npg::Array &indices() const { return indices_; }
  std::int64_t axis() const { return axis_; }

private:
  Kind kind_;
  std::int64_t integer_ = 0;
  npg::Slice slice_;
  npg::Array indices_;
  std::int64_t axis_ = 0;
};

/// numpy's take: the elements of x at `indices` (an int32 or int64 array of
/// any shape) along `axis`; the result's shape is x.shape[:axis] +
/// indices.shape + x.shape[axis+1:]. Without an axis, x is flattened first.
/// Negative indices count from the end; others out of range throw.
/// Gradient: g scatter-added into zeros of x's shape (repeats accumulate).
Array take(const Array &x, const Array &indices,
           std::optional<std::int64_t> axis = std::nullopt,
           Loc loc = Loc::current());
/// numpy's x[indices] for one array index: take along axis 0 for an integer
/// array; for a bool array (a mask over x's leading axes), the selected
/// elements in row-major order, shape (count, x.shape[mask.ndim:]...).
Array index(const Array &x, const Array &indices, Loc loc = Loc::current());
/// PyTorch's index_add (out of place): x with source's slices added at
/// `indices` along `axis`; repeated indices accumulate. source's shape is
/// x.shape[:axis] + indices.shape + x.shape[axis+1:]. Gradients: g to x,
/// take(g, indices, axis) to source.
Array index_add(const Array &x, std::int64_t axis, const Array &indices,
                const Array &source, Loc loc = Loc::current());
/// x with the positions `index` names replaced by `value` (broadcast to
/// them, cast to x's dtype), as numpy's `y = x.copy(); y[index] = value`.
/// Gradients: g to x, zero at the replaced positions; g at those positions
/// to value, summed over its broadcasting.
Array setitem(const Array &x, const Index &index, const Array &value,
              Loc loc = Loc::current());
Array setitem(const Array &x, const Index &index, Scalar value,
              Loc loc = Loc::current());
/// PyTorch's masked_fill: x with `value` where `mask` (bool, broadcastable
/// to x's shape) is true; the result has x's shape and dtype. Gradient: g
/// where the mask is false, 0 where it is true (to a 0-d array value: the
/// sum of g where it is true).
Array masked_fill(const Array &x, const Array &mask, Scalar value,
                  Loc loc = Loc::current());
Array masked_fill(const Array &x, const Array &mask, const Array &value,
                  Loc loc = Loc::current());
/// PyTorch's F::embedding: the rows of `weight` (2-D) at `indices` (an
/// integer array of any shape, each in [0, weight.shape[0])); the result's
/// shape is indices.shape + [weight.shape[1]]. Gradient: g's rows
/// scatter-added into the rows of weight.
Array embedding(const Array &weight, const Array &indices,
                Loc loc = Loc::current());

} // namespace npg
