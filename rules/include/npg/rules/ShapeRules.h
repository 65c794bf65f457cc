#pragma once
// Each op's shape rule, once, free of MLIR: the eager ops compute their
// result shapes with these, the npg dialect's verifiers and type inference
// check ops with them, and the lowering sizes its loops from them. A rule
// validates everything it indexes with (the IR calls it on unverified ops)
// and says in words what is wrong, naming its operands as the caller does.
#include "npg/runtime/Shape.h"

#include <cstdint>
#include <span>
#include <string>

namespace npg::rules {

using Ints = std::span<const std::int64_t>;

/// An operand as a shape rule sees it: its shape, and how a message names it
/// ("lhs tensor<2x3xf32>" in the IR, "operand 0 of shape (2,3)" in eager
/// code).
struct Arg {
  Shape shape;
  std::string name;
};

/// A rule's answer: the result's shape, or why there is none.
struct Inferred {
  Shape shape;
  std::string error;
  bool ok() const { return error.empty(); }
};

/// "[0, 2]": how integer lists appear in messages.
std::string format_ints(Ints values);

/// numpy's broadcast of two shapes (right-aligned; sizes equal or 1).
Inferred broadcast(const Arg &a, const Arg &b);
/// stablehlo.broadcast_in_dim: input dimension i lands on result dimension
/// dims[i] (strictly increasing), where it is 1 or the result's size.
Inferred broadcast_in_dim(const Arg &input, const Arg &result, Ints dims);
/// A reduction over `axes` (in range, strictly increasing): the reduced
/// dimensions dropped, or kept as 1 with `keepdims`.
Inferred reduce(const Arg &input, Ints axes, bool keepdims);
/// numpy.argmax(x, axis): the axis (in range, of at least one element, so
/// that there is an index to give) dropped, or kept as 1 with `keepdims`.
Inferred arg_reduce(const Arg &input, std::int64_t axis, bool keepdims);
/// numpy.transpose(x, perm): result dimension i is input dimension perm[i].
Inferred transpose(const Arg &input, Ints perm);
/// Reinterpreting the elements with `result`'s shape: counts must agree.
Inferred reshape(const Arg &input, const Arg &result);
/// numpy.matmul: [..., n, k] @ [..., k, m] -> [..., n, m], batch dimensions
/// broadcast; a 1-D lhs is a row and a 1-D rhs a column, whose added
/// dimension is dropped again.
Inferred matmul(const Arg &lhs, const Arg &rhs);
/// Python's range(starts[d], limits[d], steps[d]) on every dimension, with
/// bounds already normalised (see npg.slice).
Inferred slice(const Arg &input, Ints starts, Ints limits, Ints steps);
/// numpy.concatenate along `axis`: equal in every other dimension.
Inferred concat(std::span<const Arg> inputs, std::int64_t axis);
/// numpy.take(input, indices, axis):
/// input.shape[:axis] + indices.shape + input.shape[axis+1:].
Inferred gather(const Arg &input, const Arg &indices, std::int64_t axis);

/// The result shape of a reduction whose axes are given as a mask.
Shape reduced_shape(const Shape &shape, const std::vector<bool> &reduced,
                    bool keepdims);
/// The elements each output of a reduction over `axes` combines.
std::int64_t reduced_count(const Shape &shape, Ints axes);

} // namespace npg::rules
