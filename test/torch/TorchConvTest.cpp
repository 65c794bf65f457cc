// conv2d, nn::Conv2d and nn::MultiHeadAttention against LibTorch: forward
// values and every gradient (inputs and parameters), float64 (rtol 1e-12)
// and float32 (rtol 1e-5), the modules with the torch module's parameters
// copied in.
#include "TorchOracle.h"

#include <torch/nn/functional.h>
#include <torch/nn/modules.h>

#include <limits>
#include <string>
#include <vector>

namespace {

using namespace npg::torch_oracle;
using npg::Array;
using npg::DType;
using npg::Shape;
namespace nn = npg::nn;

const std::vector<DType> float_dtypes = {npg::float64, npg::float32};

/// A convolution's output sums up to a hundred products of unit-normal
/// values, partial sums of magnitude ~10: in float32 each is rounded to
/// ~1e-6 absolute, which an output that cancels to near 0 keeps.
Tol conv_tol(DType d) {
  return d == DType::Float32 ? Tol{f32_tol.rtol, 1e-5} : tol_for(d);
}

/// A copy of `a` that requires grad, in npg and in torch.
std::pair<Array, torch::Tensor> leaf(const Array &a) {
  return {a.copy().requires_grad_(true), to_torch(a).requires_grad_(true)};
}

/// Copies every parameter of the torch module into the npg module, by name.
void copy_parameters(nn::Module &m, const torch::nn::Module &tm) {
  nn::StateDict state;
  for (const auto &item : tm.named_parameters())
    state.emplace_back(item.key(), from_torch(item.value()));
  m.load_state_dict(state);
}

/// Every npg parameter's gradient against the torch one of the same name.
void expect_parameter_grads(const nn::Module &m, const torch::nn::Module &tm,
                            DType d) {
  const auto tparams = tm.named_parameters();
  const npg::NamedArrays params = m.named_parameters();
  EXPECT_EQ(params.size(), tparams.size());
  for (const auto &[name, p] : params) {
    const torch::Tensor *tp = tparams.find(name);
    ASSERT_NE(tp, nullptr) << name;
    ASSERT_TRUE(p.grad().has_value()) << name;
    EXPECT_TRUE(MatchesTorch(*p.grad(), tp->grad(), tol_for(d))) << name;
  }
}

TEST(TorchConv, Conv2dForwardAndGradients) {
  npg::random::manual_seed(51);
  struct Case {
    Shape x, w;
    std::int64_t sh, sw, ph, pw;
  };
  for (const Case &c : std::vector<Case>{
           {{2, 3, 8, 7}, {4, 3, 3, 3}, 1, 1, 0, 0},
           {{2, 3, 8, 7}, {4, 3, 3, 3}, 2, 2, 1, 1},
           {{1, 2, 9, 6}, {3, 2, 4, 2}, 2, 1, 0, 3},
           {{3, 1, 5, 5}, {2, 1, 5, 5}, 1, 1, 2, 2},
           {{2, 4, 6, 6}, {5, 4, 1, 1}, 3, 2, 0, 1},
       })
    for (bool bias : {true, false})
      for (DType d : float_dtypes) {
        SCOPED_TRACE(npg::format_shape(c.x) + " * " + npg::format_shape(c.w) +
                     " stride " + std::to_string(c.sh) + "," +
                     std::to_string(c.sw) + " padding " + std::to_string(c.ph) +
                     "," + std::to_string(c.pw) + (bias ? " bias " : " ") +
                     std::string(npg::name(d)));
        auto [x, tx] = leaf(npg::random::randn(c.x, d));
        auto [w, tw] = leaf(npg::random::randn(c.w, d));
        auto [b, tb] = leaf(npg::random::randn({c.w[0]}, d));
        const Array y =
            npg::conv2d(x, w, bias ? std::optional<Array>(b) : std::nullopt,
                        {c.sh, c.sw}, {c.ph, c.pw});
        const torch::Tensor ty = torch::conv2d(
            tx, tw, bias ? tb : torch::Tensor(), {c.sh, c.sw}, {c.ph, c.pw});
        ASSERT_TRUE(MatchesTorch(y, ty, conv_tol(d))) << "forward";
        const Array g = npg::random::randn(y.shape(), d);
        y.backward(g);
        ty.backward(to_torch(g));
        EXPECT_TRUE(MatchesTorch(*x.grad(), tx.grad(), conv_tol(d))) << "input";
        EXPECT_TRUE(MatchesTorch(*w.grad(), tw.grad(), conv_tol(d)))
            << "weight";
        if (bias) {
          EXPECT_TRUE(MatchesTorch(*b.grad(), tb.grad(), conv_tol(d)))
              << "bias";
        }
      }
}

TEST(TorchConv, Conv2dModule) {
  npg::random::manual_seed(52);
  torch::manual_seed(52);
  for (bool bias : {true, false})
    for (DType d : float_dtypes) {
      SCOPED_TRACE(std::string(npg::name(d)) + (bias ? " bias" : ""));
      torch::nn::Conv2d tconv(torch::nn::Conv2dOptions(3, 5, {3, 2})
                                  .stride({2, 1})
                                  .padding({1, 0})
                                  .bias(bias));
      tconv->to(to_torch(d));
      nn::Conv2d conv(3, 5, {3, 2}, {2, 1}, {1, 0}, bias, d);
      copy_parameters(conv, *tconv);
      auto [x, tx] = leaf(npg::random::randn({2, 3, 7, 6}, d));
      const Array y = conv(x);
      const torch::Tensor ty = tconv(tx);
      ASSERT_TRUE(MatchesTorch(y, ty, tol_for(d))) << "forward";
      const Array g = npg::random::randn(y.shape(), d);
      y.backward(g);
      ty.backward(to_torch(g));
      EXPECT_TRUE(MatchesTorch(*x.grad(), tx.grad(), tol_for(d))) << "input";
      expect_parameter_grads(conv, *tconv, d);
    }
}

TEST(TorchConv, Conv2dDefaultInitialisationBoundsMatchTorch) {
  // Different generators, same distributions: U(-1/sqrt(fan_in), ...).
  torch::manual_seed(0);
  npg::random::manual_seed(0);
  torch::nn::Conv2d tconv(torch::nn::Conv2dOptions(16, 32, 3));
  nn::Conv2d conv(16, 32, 3);
  const double bound = 1 / std::sqrt(16.0 * 9);
  for (const auto &[w, tw] : {std::pair{conv.weight, tconv->weight},
                              std::pair{conv.bias, tconv->bias}}) {
    EXPECT_LE(w.abs().max().item<double>(), bound);
    EXPECT_LE(tw.abs().max().item<double>(), bound);
    EXPECT_NEAR(w.std().item<double>(), tw.std(false).item<double>(),
                0.1 * bound);
  }
}

/// The mask torch gets for an npg mask: LibTorch 1.13's C++ attention adds
/// a bool mask as 0/1 instead of masking, so bool masks become -inf/0.
torch::Tensor torch_mask(const Array &m, DType d) {
  if (m.dtype() != npg::bool_)
    return to_torch(m);
  const double inf = std::numeric_limits<double>::infinity();
  return to_torch(npg::where(m, -inf, 0.0).astype(d));
}

/// Python's F.multi_head_attention_forward written with torch ops, for what
/// LibTorch 1.13's C++ module cannot take: a 3-D (N * H, L, S) attn_mask (it
/// unsqueezes every mask to 4-D). Inputs (T, N, E).
std::pair<torch::Tensor, torch::Tensor>
torch_attention(torch::nn::MultiheadAttention &m, const torch::Tensor &q,
                const torch::Tensor &k, const torch::Tensor &v,
                const torch::Tensor &mask, std::int64_t heads) {
  const std::int64_t L = q.size(0), N = q.size(1), E = q.size(2), S = k.size(0),
                     hd = E / heads;
  const auto w = m->in_proj_weight.chunk(3);
  const auto b = m->in_proj_bias.defined() ? m->in_proj_bias.chunk(3)
                                           : std::vector<torch::Tensor>(3);
  auto split = [&](const torch::Tensor &x, std::int64_t T) {
    return x.contiguous().view({T, N * heads, hd}).transpose(0, 1);
  };
  const torch::Tensor qh =
      split(torch::nn::functional::linear(q, w[0], b[0]) / std::sqrt(hd), L);
  const torch::Tensor kh =
      split(torch::nn::functional::linear(k, w[1], b[1]), S);
  const torch::Tensor vh =
      split(torch::nn::functional::linear(v, w[2], b[2]), S);
  torch::Tensor scores = torch::bmm(qh, kh.transpose(1, 2));
  if (mask.defined())
    scores = scores + mask;
  const torch::Tensor attn = torch::softmax(scores, -1);
  const torch::Tensor o =
      torch::bmm(attn, vh).transpose(0, 1).contiguous().view({L, N, E});
  return {m->out_proj(o), attn.view({N, heads, L, S}).sum(1) / heads};
}

TEST(TorchConv, MultiHeadAttention) {
  npg::random::manual_seed(53);
  torch::manual_seed(53);
  const std::int64_t E = 8, H = 2, L = 3, S = 4, N = 2;
  enum class Mask { None, Float2d, Bool2d, Float3d, KeyPadding };
  for (Mask mask : {Mask::None, Mask::Float2d, Mask::Bool2d, Mask::Float3d,
                    Mask::KeyPadding})
    for (bool batch_first : {false, true})
      for (bool bias : {true, false})
        for (DType d : float_dtypes) {
          SCOPED_TRACE("mask " + std::to_string(static_cast<int>(mask)) +
                       (batch_first ? " batch_first" : "") +
                       (bias ? " bias " : " ") + std::string(npg::name(d)));
          torch::nn::MultiheadAttention tmha(
              torch::nn::MultiheadAttentionOptions(E, H).bias(bias));
          tmha->to(to_torch(d));
          nn::MultiHeadAttention mha(E, H, bias, batch_first, d);
          copy_parameters(mha, *tmha);
          // Torch's layout is (T, N, E); batch_first inputs are (N, T, E).
          auto leaves = [&](std::int64_t T) {
            const Array a = npg::random::randn({T, N, E}, d);
            const Array mine = batch_first ? a.transpose(0, 1).copy() : a;
            return std::pair{mine.copy().requires_grad_(true),
                             to_torch(a).requires_grad_(true)};
          };
          auto [q_in, tq] = leaves(L);
          auto [k_in, tk] = leaves(S);
          auto [v_in, tv] = leaves(S);
          std::optional<Array> attn_mask, padding;
          torch::Tensor tattn_mask, tpadding;
          switch (mask) {
          case Mask::None:
            break;
          case Mask::Float2d:
            attn_mask = npg::random::randn({L, S}, d);
            break;
          case Mask::Bool2d: // causal-like, no row fully masked
            attn_mask = npg::array({{false, true, true, true},
                                    {false, false, true, true},
                                    {true, false, false, false}});
            break;
          case Mask::Float3d:
            attn_mask = npg::random::randn({N * H, L, S}, d);
            break;
          case Mask::KeyPadding:
            padding = npg::array(
                {{false, false, true, false}, {false, true, true, false}});
            tpadding = to_torch(*padding);
            break;
          }
          if (attn_mask)
            tattn_mask = torch_mask(*attn_mask, d);
          auto [out, weights] = mha(q_in, k_in, v_in, attn_mask, true, padding);
          auto [tout, tweights] =
              mask == Mask::Float3d
                  ? torch_attention(tmha, tq, tk, tv, tattn_mask, H)
                  : tmha(tq, tk, tv, tpadding, true, tattn_mask);
          if (mask == Mask::Float2d) { // the hand-written oracle agrees
            auto [hout, hweights] =
                torch_attention(tmha, tq, tk, tv, tattn_mask, H);
            EXPECT_TRUE(torch::allclose(hout, tout, 1e-5, 1e-6));
            EXPECT_TRUE(torch::allclose(hweights, tweights, 1e-5, 1e-6));
          }
          const Array out_t = batch_first ? out.transpose(0, 1) : out;
          ASSERT_TRUE(MatchesTorch(out_t, tout, tol_for(d))) << "output";
          ASSERT_TRUE(MatchesTorch(weights, tweights, tol_for(d))) << "weights";
          // A loss of both outputs, so that both carry gradients back.
          const Array g = npg::random::randn(out_t.shape(), d);
          const Array gw = npg::random::randn(weights.shape(), d);
          ((out_t * g).sum() + (weights * gw).sum()).backward();
          ((tout * to_torch(g)).sum() + (tweights * to_torch(gw)).sum())
              .backward();
          for (const auto &[a, ta, name] :
               {std::tuple{q_in, tq, "query"}, std::tuple{k_in, tk, "key"},
                std::tuple{v_in, tv, "value"}}) {
            ASSERT_TRUE(a.grad().has_value()) << name;
            const Array ga =
                batch_first ? a.grad()->transpose(0, 1) : *a.grad();
            EXPECT_TRUE(MatchesTorch(ga, ta.grad(), tol_for(d))) << name;
          }
          expect_parameter_grads(mha, *tmha, d);
        }
}

} // namespace
