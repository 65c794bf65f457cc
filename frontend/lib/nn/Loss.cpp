// Loss functions written with npg's ops, so that their gradients and traces
// are those of the ops. Cross-entropy picks each target's log-probability
// with a one-hot mask (targets == class indices), which traces as a compare
// and a select.
#include "npg/Extension.h"
#include "npg/npg.h"

#include "npg/nn/Loss.h"

namespace npg::nn {

namespace {

Array reduce(const Array &loss, const std::string &reduction, const char *fn,
             Loc loc) {
  if (reduction == "mean")
    return loss.mean({}, false, loc);
  if (reduction == "sum")
    return loss.sum({}, false, loc);
  if (reduction == "none")
    return loss;
  fail(fn, ": reduction must be \"mean\", \"sum\" or \"none\", not \"",
       reduction, "\"");
}

void check_reduction(const std::string &reduction, const char *fn) {
  if (reduction != "mean" && reduction != "sum" && reduction != "none")
    fail(fn, ": reduction must be \"mean\", \"sum\" or \"none\", not \"",
         reduction, "\"");
}

} // namespace

Array mse(const Array &input, const Array &target, const std::string &reduction,
          const std::optional<Array> &weight, Loc loc) {
  check_reduction(reduction, "mse");
  if (input.shape() != target.shape())
    fail("mse: input and target must have the same shape, but input has "
         "shape ",
         format_shape(input.shape()), " and target ",
         format_shape(target.shape()));
  Array d = sub(input, target, loc);
  if (weight) {
    // numpygrad's: (input * weight - target * weight)^2, computed as
    // (weight * (input - target))^2.
    bool fits = weight->ndim() <= input.ndim();
    for (std::int64_t i = 1; fits && i <= weight->ndim(); ++i)
      fits = weight->shape()[weight->ndim() - i] == 1 ||
             weight->shape()[weight->ndim() - i] ==
                 input.shape()[input.ndim() - i];
    if (!fits)
      fail("mse: the weight of shape ", format_shape(weight->shape()),
           " does not broadcast to the input's shape ",
           format_shape(input.shape()));
    d = mul(d, *weight, loc);
  }
  return reduce(mul(d, d, loc), reduction, "mse", loc);
}

Array cross_entropy(const Array &logits, const Array &target,
                    const std::string &reduction, std::int64_t ignore_index,
                    Loc loc) {
  check_reduction(reduction, "cross_entropy");
  if (logits.ndim() == 0)
    fail("cross_entropy: logits must have a class axis: shape (C), (N, C) or "
         "(N, C, d1, ...), but they have shape ()");
  if (!is_floating(logits.dtype()))
    fail("cross_entropy: logits must be float32 or float64, not ",
         logits.dtype());
  if (!is_integer(target.dtype()))
    fail("cross_entropy: target must hold class indices (an int64 or int32 "
         "array), but it has dtype ",
         target.dtype());
  const std::int64_t axis = logits.ndim() == 1 ? 0 : 1;
  const std::int64_t classes = logits.shape()[axis];
  Shape expected = logits.shape();
  expected.erase(expected.begin() + axis);
  if (target.shape() != expected)
    fail("cross_entropy: logits of shape ", format_shape(logits.shape()),
         " need a target of shape ", format_shape(expected),
         ", but it has "
         "shape ",
         format_shape(target.shape()));
  {
    // Reads the targets to check them; the check is no part of a trace.
    const Array t = ext::copy_untracked(target, int64);
    const std::int64_t *p = static_cast<const std::int64_t *>(t.raw_data());
    for (std::int64_t i = 0; i < t.size(); ++i)
      if (p[i] != ignore_index && (p[i] < 0 || p[i] >= classes))
        fail("cross_entropy: target ", p[i], " (at flat index ", i,
             ") is out of range for ", classes, " classes");
  }
  const Array logp = log_softmax(logits, axis, loc);
  // one_hot[n, c, ...] = target[n, ...] == c
  Shape class_shape(static_cast<std::size_t>(logits.ndim() - axis), 1);
  class_shape[0] = classes;
  const Array class_ids = arange(classes).reshape(class_shape, loc);
  const Array one_hot = operator==(Operand(unsqueeze(target, axis, loc), loc),
                                   class_ids);
  const Array picked = where(one_hot, logp, 0.0, loc).sum(axis, false, loc);
  Array loss = neg(picked, loc);
  const Array valid = operator!=(Operand(target, loc), Scalar(ignore_index));
  loss = where(valid, loss, 0.0, loc);
  if (reduction == "mean")
    return div(loss.sum({}, false, loc),
               valid.astype(loss.dtype(), loc).sum({}, false, loc), loc);
  return reduce(loss, reduction, "cross_entropy", loc);
}

} // namespace npg::nn
