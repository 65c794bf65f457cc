#pragma once
// numpygrad's GPT-2 character model (its examples/gpt2) in C++: token and
// position embeddings, blocks of pre-LayerNorm causal self-attention and a
// GELU MLP with residual connections, dropout, a final LayerNorm and an
// output projection. The example trains it; the benchmark times its step.
#include <npg/npg.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace npg_examples::gpt {

/// numpygrad's GPT2Config, with its defaults.
struct Config {
  std::int64_t context_size = 32;
  std::int64_t num_blocks = 4;
  std::int64_t num_heads = 4;
  std::int64_t embedding_dim = 64;
  double dropout = 0.0;
  std::int64_t vocab_size = 0; // the corpus's
  npg::DType dtype = npg::float32;
};

/// Attention of every position to itself and the positions before it, over
/// num_heads heads, with one (E, 3E) projection for queries, keys, values.
class CausalAttention : public npg::nn::Module {
public:
  explicit CausalAttention(const Config &config);
  npg::Array forward(const npg::Array &x) override; // (B, T, E)

private:
  Config config_;
  std::shared_ptr<npg::nn::Linear> in_proj_, out_proj_;
  std::shared_ptr<npg::nn::Dropout> attn_dropout_, residual_dropout_;
  npg::Array causal_mask_; // (C, C) bool: true above the diagonal
};

class Block : public npg::nn::Module {
public:
  explicit Block(const Config &config);
  npg::Array forward(const npg::Array &x) override;

private:
  std::shared_ptr<npg::nn::LayerNorm> ln1_, ln2_;
  std::shared_ptr<CausalAttention> attn_;
  std::shared_ptr<npg::nn::Sequential> mlp_; // up, GELU, down, dropout
};

class Gpt : public npg::nn::Module {
public:
  explicit Gpt(const Config &config);
  /// Token indices (B, T), T <= context_size, to logits (B, T, vocab_size).
  npg::Array forward(const npg::Array &tokens) override;
  const Config &config() const { return config_; }

private:
  Config config_;
  std::shared_ptr<npg::nn::Embedding> token_embedding_, position_embedding_;
  std::shared_ptr<npg::nn::Dropout> dropout_;
  std::vector<std::shared_ptr<Block>> blocks_;
  std::shared_ptr<npg::nn::LayerNorm> output_ln_;
  std::shared_ptr<npg::nn::Linear> output_projection_;
};

/// The mean cross-entropy of the logits for `tokens` (B, T) against the
/// next tokens `targets` (B, T).
npg::Array loss(Gpt &model, const npg::Array &tokens,
                const npg::Array &targets);

/// `context` (1, T) followed by `new_tokens` tokens drawn one at a time
/// from softmax(logits / temperature) (npg::random::multinomial), in
/// evaluation mode without gradients.
npg::Array sample(Gpt &model, npg::Array context, int new_tokens,
                  double temperature = 1.0);

} // namespace npg_examples::gpt
