#pragma once
// Loss functions, as torch::nn::functional's, written with npg's ops (so
// they differentiate and trace like any other code).
#include "npg/Array.h"

#include <cstdint>
#include <optional>
#include <string>

namespace npg::nn {

/// Mean squared error; `input` and `target` must have the same shape.
/// reduction: "mean" (default), "sum" or "none". With a `weight` (which
/// broadcasts to input's shape), numpygrad's weighted form: input and
/// target are both multiplied by it first, so the squared errors are
/// (weight * (input - target))^2.
Array mse(const Array &input, const Array &target,
          const std::string &reduction = "mean",
          const std::optional<Array> &weight = std::nullopt,
          Loc loc = Loc::current());

/// Cross-entropy of unnormalised `logits` against class indices `target`
/// (int64 or int32), as torch::nn::functional::cross_entropy: logits (C)
/// with a 0-d target, (N, C) with target (N), or (N, C, d1, ...) with target
/// (N, d1, ...). Targets equal to `ignore_index` contribute nothing, and
/// "mean" divides by the number of the others.
Array cross_entropy(const Array &logits, const Array &target,
                    const std::string &reduction = "mean",
                    std::int64_t ignore_index = -100, Loc loc = Loc::current());

} // namespace npg::nn
