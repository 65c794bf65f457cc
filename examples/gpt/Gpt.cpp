#include "Gpt.h"

#include <cmath>
#include <limits>
#include <string>

namespace npg_examples::gpt {

using npg::Array;
namespace nn = npg::nn;

CausalAttention::CausalAttention(const Config &config)
    : Module("CausalAttention"), config_(config) {
  if (config.embedding_dim % config.num_heads != 0)
    throw npg::Error("embedding_dim " + std::to_string(config.embedding_dim) +
                     " is not divisible by num_heads " +
                     std::to_string(config.num_heads));
  const std::int64_t e = config.embedding_dim;
  in_proj_ = register_module(
      "in_proj", std::make_shared<nn::Linear>(e, 3 * e, false, config.dtype));
  out_proj_ = register_module(
      "out_proj", std::make_shared<nn::Linear>(e, e, false, config.dtype));
  attn_dropout_ = register_module(
      "attn_dropout", std::make_shared<nn::Dropout>(config.dropout));
  residual_dropout_ = register_module(
      "residual_dropout", std::make_shared<nn::Dropout>(config.dropout));
  const std::int64_t c = config.context_size;
  causal_mask_ = register_buffer("causal_mask",
                                 npg::ones({c, c}).triu(1).astype(npg::bool_));
}

Array CausalAttention::forward(const Array &x) {
  const std::int64_t b = x.shape()[0], t = x.shape()[1];
  const std::int64_t e = config_.embedding_dim, h = config_.num_heads;
  const std::int64_t d = e / h;
  const std::vector<Array> qkv = (*in_proj_)(x).split(3, 2);
  // (B, T, E) -> (B, H, T, D)
  const auto heads = [&](const Array &a) {
    return a.reshape({b, t, h, d}).transpose(1, 2);
  };
  const Array q = heads(qkv[0]), k = heads(qkv[1]), v = heads(qkv[2]);
  const Array mask = causal_mask_.slice(0, 0, t).slice(1, 0, t);
  const Array scores =
      (q.matmul(k.transpose(2, 3)) / std::sqrt(static_cast<double>(d)))
          .masked_fill(mask, -std::numeric_limits<double>::infinity());
  const Array weights = (*attn_dropout_)(scores.softmax(-1));
  const Array y = weights.matmul(v).transpose(1, 2).reshape({b, t, e});
  return (*residual_dropout_)((*out_proj_)(y));
}

Block::Block(const Config &config) : Module("Block") {
  const std::int64_t e = config.embedding_dim;
  ln1_ = register_module("ln1", std::make_shared<nn::LayerNorm>(
                                    npg::Shape{e}, 1e-5, true, config.dtype));
  ln2_ = register_module("ln2", std::make_shared<nn::LayerNorm>(
                                    npg::Shape{e}, 1e-5, true, config.dtype));
  attn_ = register_module("attn", std::make_shared<CausalAttention>(config));
  mlp_ = register_module(
      "mlp",
      std::make_shared<nn::Sequential>(
          std::initializer_list<std::shared_ptr<nn::Module>>{
              std::make_shared<nn::Linear>(e, 4 * e, false, config.dtype),
              std::make_shared<nn::GELU>(),
              std::make_shared<nn::Linear>(4 * e, e, false, config.dtype),
              std::make_shared<nn::Dropout>(config.dropout)}));
}

Array Block::forward(const Array &x) {
  const Array h = x + (*attn_)((*ln1_)(x));
  return h + (*mlp_)((*ln2_)(h));
}

Gpt::Gpt(const Config &config) : Module("Gpt"), config_(config) {
  if (config.vocab_size <= 0)
    throw npg::Error("Gpt: vocab_size must be positive, got " +
                     std::to_string(config.vocab_size));
  const std::int64_t e = config.embedding_dim;
  token_embedding_ = register_module(
      "token_embedding",
      std::make_shared<nn::Embedding>(config.vocab_size, e, config.dtype));
  position_embedding_ = register_module(
      "position_embedding",
      std::make_shared<nn::Embedding>(config.context_size, e, config.dtype));
  dropout_ =
      register_module("dropout", std::make_shared<nn::Dropout>(config.dropout));
  for (std::int64_t i = 0; i < config.num_blocks; ++i)
    blocks_.push_back(register_module("blocks_" + std::to_string(i),
                                      std::make_shared<Block>(config)));
  output_ln_ = register_module(
      "output_ln",
      std::make_shared<nn::LayerNorm>(npg::Shape{e}, 1e-5, true, config.dtype));
  output_projection_ = register_module(
      "output_projection",
      std::make_shared<nn::Linear>(e, config.vocab_size, false, config.dtype));
}

Array Gpt::forward(const Array &tokens) {
  const std::int64_t t = tokens.shape().at(1);
  if (t > config_.context_size)
    throw npg::Error("Gpt: " + std::to_string(t) +
                     " tokens do not fit the context size " +
                     std::to_string(config_.context_size));
  const Array positions = npg::arange(t, npg::int64);
  Array x = (*dropout_)((*token_embedding_)(tokens) +
                        (*position_embedding_)(positions));
  for (const std::shared_ptr<Block> &block : blocks_)
    x = (*block)(x);
  return (*output_projection_)((*output_ln_)(x));
}

Array loss(Gpt &model, const Array &tokens, const Array &targets) {
  const Array logits = model(tokens);
  return nn::cross_entropy(logits.reshape({-1, model.config().vocab_size}),
                           targets.reshape({-1}));
}

Array sample(Gpt &model, Array context, int new_tokens, double temperature) {
  const npg::NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  const std::int64_t c = model.config().context_size;
  for (int i = 0; i < new_tokens; ++i) {
    const std::int64_t t = context.shape()[1];
    const Array window = context.slice(1, std::max<std::int64_t>(0, t - c), t);
    const Array logits = model(window).select(1, -1) / temperature; // (1, V)
    const Array next = npg::random::multinomial(logits.softmax(-1), 1);
    context = npg::cat({context, next}, 1);
  }
  model.train(was_training);
  return context;
}

} // namespace npg_examples::gpt
