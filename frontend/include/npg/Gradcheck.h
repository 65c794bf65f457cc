#pragma once
// gradcheck: compares the gradients backward() computes with central finite
// differences in float64, as torch.autograd.gradcheck does.
#include "npg/Array.h"

#include <functional>
#include <vector>

namespace npg {

struct GradcheckOptions {
  double eps = 1e-6;
  double atol = 1e-5;
  double rtol = 1e-3;
  /// Throw npg::Error describing the first mismatch instead of returning false.
  bool raise_on_failure = true;
};

/// Checks d fn(inputs) / d inputs for every input that requires grad. The
/// inputs are copied to float64 first; fn may return an array of any shape.
bool gradcheck(const std::function<Array(const std::vector<Array> &)> &fn,
               const std::vector<Array> &inputs, GradcheckOptions options = {});

} // namespace npg
