#pragma once
// nn::MultiHeadAttention: scaled dot-product attention over several heads,
// with torch::nn::MultiheadAttention's parameters, names and semantics
// (kdim = vdim = embed_dim, no dropout, no bias_k/bias_v).
#include "npg/nn/Layers.h"
#include "npg/nn/Module.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace npg::nn {

/// For heads h = 1..H of width d = embed_dim / H:
///   head_h = softmax((q W_q,h + b_q,h)(k W_k,h + b_k,h)^T / sqrt(d) + mask)
///            (v W_v,h + b_v,h)
///   output = concat(head_1..head_H) W_o^T + b_o
/// Parameters: in_proj_weight (3E, E) = [W_q; W_k; W_v] (xavier_uniform),
/// in_proj_bias (3E) (zeros), and the Linear out_proj (weight (E, E) with
/// Linear's initialisation, bias zeros), as PyTorch names them.
/// Prints as PyTorch's does: its out_proj only.
class MultiHeadAttention : public Module {
public:
  /// batch_first: inputs and output are (N, L, E) instead of PyTorch's
  /// default (L, N, E).
  MultiHeadAttention(std::int64_t embed_dim, std::int64_t num_heads,
                     bool bias = true, bool batch_first = false,
                     DType dtype = float64);

  /// query (L, N, E), key and value (S, N, E) ((N, L, E) and (N, S, E) with
  /// batch_first; unbatched (L, E) and (S, E) also work). attn_mask: (L, S)
  /// or (N * num_heads, L, S), either added to the scores (floats) or bool
  /// with true where attending is not allowed (-inf). key_padding_mask: (N,
  /// S) (or (S) unbatched), the same two kinds, per key. Returns the output
  /// (the query's shape) and, when need_weights, the attention weights (N, L,
  /// S) averaged over heads ((N, H, L, S) without average_attn_weights);
  /// otherwise an undefined array.
  std::pair<Array, Array>
  forward(const Array &query, const Array &key, const Array &value,
          const std::optional<Array> &attn_mask = std::nullopt,
          bool need_weights = true,
          const std::optional<Array> &key_padding_mask = std::nullopt,
          bool average_attn_weights = true);
  /// Self-attention, forward(x, x, x).first: so that the module can sit in
  /// a Sequential.
  Array forward(const Array &x) override;
  std::pair<Array, Array>
  operator()(const Array &query, const Array &key, const Array &value,
             const std::optional<Array> &attn_mask = std::nullopt,
             bool need_weights = true,
             const std::optional<Array> &key_padding_mask = std::nullopt,
             bool average_attn_weights = true) {
    return forward(query, key, value, attn_mask, need_weights, key_padding_mask,
                   average_attn_weights);
  }

  std::int64_t embed_dim, num_heads, head_dim;
  bool batch_first;
  Array in_proj_weight;
  /// Undefined without a bias.
  Array in_proj_bias;
  std::shared_ptr<Linear> out_proj;
};

/// PyTorch's spelling.
using MultiheadAttention = MultiHeadAttention;

} // namespace npg::nn
