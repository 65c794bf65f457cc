// nn::MultiHeadAttention, written with npg's ops (its gradients and traces
// come from them), following torch::nn::functional::multi_head_attention_
// forward step by step: in-projection, q scaled by 1/sqrt(head_dim), scores
// plus masks, softmax, weighted values, out-projection.

#include "npg/nn/Attention.h"
#include "npg/nn/Init.h"
#include "npg/npg.h"

#include <cmath>
#include <limits>

namespace npg::nn {

namespace {

/// A mask as a term added to the scores, in dtype `d`: bool masks give -inf
/// where true (not allowed) and 0 elsewhere; float masks are added as they
/// are.
Array additive(const Array &mask, DType d, const char *what) {
  if (mask.dtype() == bool_)
    return where(mask, -std::numeric_limits<double>::infinity(), 0.0).astype(d);
  if (!is_floating(mask.dtype()))
    fail("MultiHeadAttention: ", what,
         " must be bool (true = not allowed) or floating (added to the "
         "scores), not ",
         mask.dtype());
  return mask.dtype() == d ? mask : mask.astype(d);
}

} // namespace

MultiHeadAttention::MultiHeadAttention(std::int64_t embed_dim_,
                                       std::int64_t num_heads_, bool bias,
                                       bool batch_first_, DType dtype)
    : Module("MultiheadAttention"), embed_dim(embed_dim_),
      num_heads(num_heads_), head_dim(0), batch_first(batch_first_) {
  if (embed_dim <= 0 || num_heads <= 0)
    fail("MultiHeadAttention: embed_dim and num_heads must be positive, got ",
         embed_dim, " and ", num_heads);
  if (embed_dim % num_heads != 0)
    fail("MultiHeadAttention: embed_dim must be divisible by num_heads, got "
         "embed_dim ",
         embed_dim, " and num_heads ", num_heads);
  if (!is_floating(dtype))
    fail("MultiHeadAttention: dtype must be float32 or float64, not ", dtype);
  head_dim = embed_dim / num_heads;
  in_proj_weight = register_parameter("in_proj_weight",
                                      empty({3 * embed_dim, embed_dim}, dtype));
  init::xavier_uniform_(in_proj_weight);
  if (bias)
    in_proj_bias =
        register_parameter("in_proj_bias", zeros({3 * embed_dim}, dtype));
  out_proj = register_module(
      "out_proj", std::make_shared<Linear>(embed_dim, embed_dim, bias, dtype));
  if (bias)
    init::zeros_(out_proj->bias);
}

std::pair<Array, Array> MultiHeadAttention::forward(
    const Array &query, const Array &key, const Array &value,
    const std::optional<Array> &attn_mask, bool need_weights,
    const std::optional<Array> &key_padding_mask, bool average_attn_weights) {
  const std::int64_t E = embed_dim, H = num_heads;
  auto shapes = [&] {
    return "query " + format_shape(query.shape()) + ", key " +
           format_shape(key.shape()) + ", value " + format_shape(value.shape());
  };
  const std::int64_t nd = query.ndim();
  if ((nd != 2 && nd != 3) || key.ndim() != nd || value.ndim() != nd)
    fail("MultiHeadAttention: query, key and value must all be 3-D (batched) "
         "or all 2-D (unbatched), got ",
         shapes());
  if (query.shape().back() != E || key.shape().back() != E ||
      value.shape().back() != E)
    fail("MultiHeadAttention: the last axis of query, key and value must be "
         "embed_dim (",
         E, "), got ", shapes());
  // Batch-first 3-D views: q (N, L, E), k and v (N, S, E).
  auto batched = [&](const Array &x) {
    if (nd == 2)
      return x.unsqueeze(0);
    return batch_first ? x : x.transpose(0, 1);
  };
  const Array q0 = batched(query), k0 = batched(key), v0 = batched(value);
  const std::int64_t N = q0.shape()[0], L = q0.shape()[1], S = k0.shape()[1];
  if (k0.shape() != v0.shape() || k0.shape()[0] != N)
    fail("MultiHeadAttention: key and value must have the same shape and the "
         "query's batch size, got ",
         shapes(), batch_first ? " (batch_first)" : "");

  auto project = [&](const Array &x, std::int64_t part) {
    Array y = matmul(x, in_proj_weight.slice(0, part * E, (part + 1) * E).T());
    if (in_proj_bias.defined())
      y = y + in_proj_bias.slice(0, part * E, (part + 1) * E);
    return y;
  };
  // (N, T, E) -> (N, H, T, head_dim): head h is columns h*d..(h+1)*d.
  auto heads = [&](const Array &x, std::int64_t T) {
    return x.reshape({N, T, H, head_dim}).permute({0, 2, 1, 3});
  };
  const Array q =
      heads(project(q0, 0) * (1 / std::sqrt(static_cast<double>(head_dim))), L);
  const Array k = heads(project(k0, 1), S), v = heads(project(v0, 2), S);
  Array scores = matmul(q, k.transpose(-1, -2)); // (N, H, L, S)
  const DType d = scores.dtype();

  if (attn_mask) {
    const Array &m = *attn_mask;
    Array term = additive(m, d, "attn_mask");
    if (m.ndim() == 2 && m.shape() == Shape{L, S})
      scores = scores + term;
    else if (m.ndim() == 3 && m.shape() == Shape{N * H, L, S})
      scores = scores + term.reshape({N, H, L, S});
    else
      fail("MultiHeadAttention: attn_mask must have shape (L, S) = (", L, ", ",
           S, ") or (N * num_heads, L, S) = (", N * H, ", ", L, ", ", S,
           "), got ", format_shape(m.shape()), " for ", shapes());
  }
  if (key_padding_mask) {
    const Array &m = *key_padding_mask;
    const Shape want = nd == 2 ? Shape{S} : Shape{N, S};
    if (m.shape() != want)
      fail("MultiHeadAttention: key_padding_mask must have shape ",
           format_shape(want), " (batch, source length), got ",
           format_shape(m.shape()), " for ", shapes());
    scores = scores + additive(m, d, "key_padding_mask").reshape({N, 1, 1, S});
  }

  const Array attn = softmax(scores, -1);
  const Array heads_out = matmul(attn, v); // (N, H, L, head_dim)
  Array out = (*out_proj)(heads_out.permute({0, 2, 1, 3}).reshape({N, L, E}));
  if (nd == 2)
    out = out.squeeze(0);
  else if (!batch_first)
    out = out.transpose(0, 1);

  Array weights;
  if (need_weights) {
    weights =
        average_attn_weights ? attn.sum(1) / static_cast<double>(H) : attn;
    if (nd == 2)
      weights = weights.squeeze(0);
  }
  return {out, weights};
}

Array MultiHeadAttention::forward(const Array &x) {
  return forward(x, x, x, std::nullopt, false).first;
}

} // namespace npg::nn
