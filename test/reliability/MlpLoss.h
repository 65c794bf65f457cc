#pragma once
// The model the soak and thread tests train: an MLP given as its parameters
// (W0, b0, W1, b1, ...), tanh between layers, mean squared error.
#include <npg/npg.h>

#include <vector>

namespace npg::reliability {

inline Array mlp_loss(const std::vector<Array> &p, const Array &x,
                      const Array &y) {
  Array h = x;
  for (std::size_t i = 0; i < p.size(); i += 2) {
    h = h.matmul(p[i]) + p[i + 1];
    if (i + 2 < p.size())
      h = h.tanh();
  }
  return ((h - y) * (h - y)).mean();
}

} // namespace npg::reliability
