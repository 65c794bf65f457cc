#include "npg/rules/ShapeRules.h"

#include <algorithm>
#include <sstream>
#include <utility>
#include <vector>

namespace npg::rules {

namespace {

template <class... Parts> Inferred failed(const Parts &...parts) {
  std::ostringstream os;
  (os << ... << parts);
  return {{}, os.str()};
}

Inferred shape(Shape s) { return {std::move(s), {}}; }

/// The element count, or -1 past int64 (no shape rule multiplies blindly:
/// the IR verifies shapes that nothing has checked yet).
std::int64_t count(const Shape &s) {
  std::int64_t n = 1;
  for (std::int64_t d : s)
    if (__builtin_mul_overflow(n, d, &n))
      return -1;
  return n;
}

} // namespace

std::string format_ints(Ints values) {
  std::ostringstream os;
  os << '[';
  for (std::size_t i = 0; i < values.size(); ++i)
    os << (i ? ", " : "") << values[i];
  os << ']';
  return os.str();
}

Inferred broadcast(const Arg &a, const Arg &b) {
  const std::size_t rank = std::max(a.shape.size(), b.shape.size());
  Shape out(rank);
  for (std::size_t i = 0; i < rank; ++i) {
    const std::int64_t x =
        i < a.shape.size() ? a.shape[a.shape.size() - 1 - i] : 1;
    const std::int64_t y =
        i < b.shape.size() ? b.shape[b.shape.size() - 1 - i] : 1;
    if (x != y && x != 1 && y != 1)
      return failed("operands could not be broadcast together: ", a.name,
                    " and ", b.name);
    out[rank - 1 - i] = x == 1 ? y : x;
  }
  return shape(out);
}

Inferred broadcast_in_dim(const Arg &input, const Arg &result, Ints dims) {
  const auto rank = static_cast<std::int64_t>(result.shape.size());
  if (dims.size() != input.shape.size())
    return failed("dims ", format_ints(dims), " have ", dims.size(),
                  " entries but ", input.name, " has rank ",
                  input.shape.size());
  if (input.shape.size() > result.shape.size())
    return failed(input.name, " has a higher rank than ", result.name);
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] < 0 || dims[i] >= rank)
      return failed("dims ", format_ints(dims), " map operand dimension ", i,
                    " to ", dims[i], ", out of range for ", result.name,
                    " of rank ", rank);
    if (i > 0 && dims[i] <= dims[i - 1])
      return failed("dims ", format_ints(dims),
                    " are not strictly increasing (", input.name, " to ",
                    result.name, ")");
  }
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const std::int64_t from = input.shape[i], to = result.shape[dims[i]];
    if (from != 1 && from != to)
      return failed(input.name, " dimension ", i, " (size ", from,
                    ") cannot broadcast to ", result.name, " dimension ",
                    dims[i], " (size ", to, ")");
  }
  return shape(result.shape);
}

Inferred reduce(const Arg &input, Ints axes, bool keepdims) {
  const auto rank = static_cast<std::int64_t>(input.shape.size());
  std::vector<bool> reduced(input.shape.size(), false);
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const std::int64_t axis = axes[i];
    if (axis < 0 || axis >= rank)
      return failed("axis ", axis, " in axes ", format_ints(axes),
                    " is out of range for ", input.name, " of rank ", rank);
    if (i > 0 && axis == axes[i - 1])
      return failed("axes ", format_ints(axes), " repeat axis ", axis, " (",
                    input.name, ")");
    if (i > 0 && axis < axes[i - 1])
      return failed("axes ", format_ints(axes),
                    " are not in increasing order (", input.name, ")");
    reduced[axis] = true;
  }
  return shape(reduced_shape(input.shape, reduced, keepdims));
}

Inferred arg_reduce(const Arg &input, std::int64_t axis, bool keepdims) {
  const auto rank = static_cast<std::int64_t>(input.shape.size());
  if (axis < 0 || axis >= rank)
    return failed("axis ", axis, " is out of range for ", input.name,
                  " of rank ", rank);
  if (input.shape[static_cast<std::size_t>(axis)] == 0)
    return failed("axis ", axis, " of ", input.name,
                  " is empty: there is no index to give");
  std::vector<bool> reduced(input.shape.size(), false);
  reduced[static_cast<std::size_t>(axis)] = true;
  return shape(reduced_shape(input.shape, reduced, keepdims));
}

Shape reduced_shape(const Shape &shape, const std::vector<bool> &reduced,
                    bool keepdims) {
  Shape out;
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (!reduced[d])
      out.push_back(shape[d]);
    else if (keepdims)
      out.push_back(1);
  }
  return out;
}

std::int64_t reduced_count(const Shape &shape, Ints axes) {
  std::int64_t count = 1;
  for (std::int64_t axis : axes)
    count *= shape[axis];
  return count;
}

Inferred transpose(const Arg &input, Ints perm) {
  const std::size_t rank = input.shape.size();
  if (perm.size() != rank)
    return failed("permutation ", format_ints(perm), " has ", perm.size(),
                  " entries but ", input.name, " has rank ", rank);
  std::vector<bool> seen(rank, false);
  Shape out;
  for (std::int64_t p : perm) {
    if (p < 0 || p >= static_cast<std::int64_t>(rank) || seen[p])
      return failed("permutation ", format_ints(perm),
                    " is not a permutation of 0..",
                    static_cast<std::int64_t>(rank) - 1, " (", input.name, ")");
    seen[p] = true;
    out.push_back(input.shape[p]);
  }
  return shape(out);
}

Inferred reshape(const Arg &input, const Arg &result) {
  if (count(input.shape) != count(result.shape))
    return failed(input.name, " has ", count(input.shape), " elements but ",
                  result.name, " has ", count(result.shape));
  return shape(result.shape);
}

Inferred matmul(const Arg &lhs, const Arg &rhs) {
  const Shape &l = lhs.shape, &r = rhs.shape;
  if (l.empty() || r.empty())
    return failed("operands must have rank >= 1, got ", lhs.name, ", ",
                  rhs.name);
  // A 1-D lhs is a row [1, k], a 1-D rhs a column [k, 1].
  const std::int64_t kl = l.back();
  const std::int64_t kr = r.size() == 1 ? r[0] : r[r.size() - 2];
  if (kl != kr)
    return failed("contraction dimensions differ: ", lhs.name, " has ", kl,
                  ", ", rhs.name, " has ", kr);
  const std::size_t bl = l.size() - std::min<std::size_t>(2, l.size());
  const std::size_t br = r.size() - std::min<std::size_t>(2, r.size());
  const std::size_t batch = std::max(bl, br);
  Shape out;
  // Batch dimensions broadcast right-aligned, as numpy's.
  for (std::size_t i = 0; i < batch; ++i) {
    const std::int64_t a = i + bl < batch ? 1 : l[i + bl - batch];
    const std::int64_t b = i + br < batch ? 1 : r[i + br - batch];
    if (a != b && a != 1 && b != 1)
      return failed("batch dimensions do not broadcast: ", lhs.name, ", ",
                    rhs.name);
    out.push_back(a == 1 ? b : a);
  }
  if (l.size() >= 2)
    out.push_back(l[l.size() - 2]);
  if (r.size() >= 2)
    out.push_back(r.back());
  return shape(out);
}

Inferred slice(const Arg &input, Ints starts, Ints limits, Ints steps) {
  const std::size_t rank = input.shape.size();
  if (starts.size() != rank || limits.size() != rank || steps.size() != rank)
    return failed("starts, limits and steps need one entry per dimension of ",
                  input.name, " (rank ", rank, "), got ", starts.size(), ", ",
                  limits.size(), " and ", steps.size());
  Shape out;
  for (std::size_t d = 0; d < rank; ++d) {
    const std::int64_t n = input.shape[d], start = starts[d], limit = limits[d],
                       step = steps[d];
    if (step == 0)
      return failed("step of dimension ", d, " is 0 (", input.name, ")");
    const bool in_range = step > 0
                              ? 0 <= start && start <= limit && limit <= n
                              : -1 <= limit && limit <= start && start <= n - 1;
    if (!in_range)
      return failed("dimension ", d, " of ", input.name, " (size ", n,
                    "): start ", start, ", limit ", limit, ", step ", step,
                    step > 0 ? " need 0 <= start <= limit <= size"
                             : " need -1 <= limit <= start <= size - 1");
    // len(range(start, limit, step)), without overflow for any step.
    const auto span =
        static_cast<std::uint64_t>(step > 0 ? limit - start : start - limit);
    const std::uint64_t stride =
        step > 0 ? static_cast<std::uint64_t>(step)
                 : static_cast<std::uint64_t>(-(step + 1)) + 1;
    out.push_back(
        span == 0 ? 0 : static_cast<std::int64_t>((span - 1) / stride + 1));
  }
  return shape(out);
}

Inferred concat(std::span<const Arg> inputs, std::int64_t axis) {
  if (inputs.empty())
    return failed("requires at least one operand");
  const Arg &first = inputs.front();
  const auto rank = static_cast<std::int64_t>(first.shape.size());
  if (axis < 0 || axis >= rank)
    return failed("axis ", axis, " is out of range for ", first.name,
                  " of rank ", rank);
  Shape out = first.shape;
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    const Arg &in = inputs[i];
    if (static_cast<std::int64_t>(in.shape.size()) != rank)
      return failed(in.name, " differs in rank from ", first.name);
    for (std::int64_t d = 0; d < rank; ++d)
      if (d != axis && in.shape[d] != first.shape[d])
        return failed(in.name, " differs from ", first.name, " in dimension ",
                      d, " (only axis ", axis, " may differ)");
    if (__builtin_add_overflow(out[axis], in.shape[axis], &out[axis]))
      return failed("concatenated size along axis ", axis, " overflows");
  }
  return shape(out);
}

Inferred gather(const Arg &input, const Arg &indices, std::int64_t axis) {
  const auto rank = static_cast<std::int64_t>(input.shape.size());
  if (rank == 0)
    return failed(input.name, " is 0-d: it has no axis to index");
  if (axis < 0 || axis >= rank)
    return failed("axis ", axis, " is out of range for ", input.name,
                  " of rank ", rank);
  Shape out(input.shape.begin(), input.shape.begin() + axis);
  out.insert(out.end(), indices.shape.begin(), indices.shape.end());
  out.insert(out.end(), input.shape.begin() + axis + 1, input.shape.end());
  return shape(out);
}

} // namespace npg::rules
