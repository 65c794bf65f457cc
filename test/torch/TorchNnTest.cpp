// npg::nn against LibTorch: losses, Linear, LayerNorm, MLP and the
// activation modules, forward and gradients with the same parameters
// (float64: rtol 1e-12; float32: rtol 1e-5).
#include "TorchOracle.h"

#include <torch/nn/functional.h>
#include <torch/nn/modules.h>

#include <string>
#include <vector>

namespace {

using namespace npg::torch_oracle;
using npg::Array;
using npg::DType;
using npg::Shape;
namespace nn = npg::nn;
namespace F = torch::nn::functional;

const std::vector<DType> float_dtypes = {npg::float64, npg::float32};

/// A copy of `a` that requires grad, in npg and in torch.
std::pair<Array, torch::Tensor> leaf(const Array &a) {
  return {a.copy().requires_grad_(true), to_torch(a).requires_grad_(true)};
}

template <class Options>
typename Options::reduction_t torch_reduction(const std::string &r) {
  if (r == "sum")
    return torch::kSum;
  if (r == "none")
    return torch::kNone;
  return torch::kMean;
}

TEST(TorchNn, CrossEntropyOfTheIssue) {
  for (DType d : float_dtypes) {
    SCOPED_TRACE(npg::name(d));
    const Array logits = npg::array({{1.0, 2.0, 0.5},
                                     {0.1, 0.9, 3.0},
                                     {2.0, 1.0, 0.5},
                                     {0.5, 0.5, 1.5}})
                             .astype(d);
    const Array target = npg::array({1, 2, 0, 2});
    auto [x, tx] = leaf(logits);
    const Array loss = nn::cross_entropy(x, target);
    const torch::Tensor tloss = F::cross_entropy(tx, to_torch(target));
    EXPECT_TRUE(MatchesTorch(loss, tloss, tol_for(d))) << "forward";
    loss.backward();
    tloss.backward();
    EXPECT_TRUE(MatchesTorch(*x.grad(), tx.grad(), tol_for(d))) << "gradient";
  }
}

TEST(TorchNn, CrossEntropyReductionsNdAndIgnoreIndex) {
  npg::random::manual_seed(31);
  struct Shapes {
    Shape logits, target;
  };
  for (const Shapes &s : std::vector<Shapes>{{{5, 4}, {5}},
                                             {{3, 4, 2}, {3, 2}},
                                             {{2, 3, 2, 2}, {2, 2, 2}},
                                             {{4}, {}}})
    for (const std::string reduction : {"mean", "sum", "none"})
      for (std::int64_t ignore : {std::int64_t{-100}, std::int64_t{1}})
        for (DType d : float_dtypes) {
          SCOPED_TRACE(npg::format_shape(s.logits) + " " + reduction +
                       " ignore " + std::to_string(ignore) + " " +
                       std::string(npg::name(d)));
          const std::int64_t classes =
              s.logits.size() == 1 ? s.logits[0] : s.logits[1];
          const Array target = npg::random::randint(0, classes, s.target);
          auto [x, tx] = leaf(npg::random::randn(s.logits, d));
          const Array loss = nn::cross_entropy(x, target, reduction, ignore);
          const torch::Tensor tloss = F::cross_entropy(
              tx, to_torch(target),
              F::CrossEntropyFuncOptions()
                  .reduction(
                      torch_reduction<F::CrossEntropyFuncOptions>(reduction))
                  .ignore_index(ignore));
          ASSERT_TRUE(MatchesTorch(loss, tloss, tol_for(d))) << "forward";
          const Array g = npg::random::randn(loss.shape(), d);
          loss.backward(g);
          tloss.backward(to_torch(g));
          EXPECT_TRUE(MatchesTorch(*x.grad(), tx.grad(), tol_for(d)));
        }
}

TEST(TorchNn, Mse) {
  npg::random::manual_seed(32);
  for (const std::string reduction : {"mean", "sum", "none"})
    for (DType d : float_dtypes) {
      SCOPED_TRACE(reduction + " " + std::string(npg::name(d)));
      auto [a, ta] = leaf(npg::random::randn({3, 4}, d));
      auto [b, tb] = leaf(npg::random::randn({3, 4}, d));
      const Array loss = nn::mse(a, b, reduction);
      const torch::Tensor tloss =
          F::mse_loss(ta, tb,
                      F::MSELossFuncOptions().reduction(
                          torch_reduction<F::MSELossFuncOptions>(reduction)));
      ASSERT_TRUE(MatchesTorch(loss, tloss, tol_for(d)));
      const Array g = npg::random::randn(loss.shape(), d);
      loss.backward(g);
      tloss.backward(to_torch(g));
      EXPECT_TRUE(MatchesTorch(*a.grad(), ta.grad(), tol_for(d)));
      EXPECT_TRUE(MatchesTorch(*b.grad(), tb.grad(), tol_for(d)));
    }
}

TEST(TorchNn, LinearMatchesFunctionalLinear) {
  npg::random::manual_seed(33);
  for (bool bias : {true, false})
    for (DType d : float_dtypes) {
      SCOPED_TRACE(std::string(npg::name(d)) + (bias ? " bias" : " no bias"));
      nn::Linear fc(5, 3, bias, d);
      const torch::Tensor tw = to_torch(fc.weight).requires_grad_(true);
      const torch::Tensor tb =
          bias ? to_torch(fc.bias).requires_grad_(true) : torch::Tensor();
      auto [x, tx] = leaf(npg::random::randn({2, 4, 5}, d));
      const Array y = fc(x);
      const torch::Tensor ty = F::linear(tx, tw, tb);
      ASSERT_TRUE(MatchesTorch(y, ty, tol_for(d)));
      const Array g = npg::random::randn(y.shape(), d);
      y.backward(g);
      ty.backward(to_torch(g));
      EXPECT_TRUE(MatchesTorch(*x.grad(), tx.grad(), tol_for(d))) << "input";
      EXPECT_TRUE(MatchesTorch(*fc.weight.grad(), tw.grad(), tol_for(d)))
          << "weight";
      if (bias) {
        EXPECT_TRUE(MatchesTorch(*fc.bias.grad(), tb.grad(), tol_for(d)))
            << "bias";
      }
    }
}

TEST(TorchNn, DefaultInitialisationBoundsMatchTorch) {
  // Different generators, same distributions: U(-1/sqrt(in), 1/sqrt(in)).
  torch::manual_seed(0);
  torch::nn::Linear tfc(torch::nn::LinearOptions(256, 64));
  nn::Linear fc(256, 64);
  const double bound = 1 / 16.0;
  for (const auto &[w, tw] :
       {std::pair{fc.weight, tfc->weight}, std::pair{fc.bias, tfc->bias}}) {
    EXPECT_LE(w.abs().max().item<double>(), bound);
    EXPECT_LE(tw.abs().max().item<double>(), bound);
    EXPECT_NEAR(w.std().item<double>(), tw.std(false).item<double>(), 0.01);
  }
}

TEST(TorchNn, LayerNorm) {
  npg::random::manual_seed(34);
  for (DType d : float_dtypes) {
    SCOPED_TRACE(npg::name(d));
    nn::LayerNorm ln({3, 4}, 1e-5, true, d);
    {
      npg::NoGradGuard no_grad;
      ln.weight.assign(npg::random::randn({3, 4}, d));
      ln.bias.assign(npg::random::randn({3, 4}, d));
    }
    const torch::Tensor tw = to_torch(ln.weight).requires_grad_(true);
    const torch::Tensor tb = to_torch(ln.bias).requires_grad_(true);
    auto [x, tx] = leaf(npg::random::randn({2, 3, 4}, d));
    const Array y = ln(x);
    const torch::Tensor ty = torch::layer_norm(tx, {3, 4}, tw, tb, 1e-5);
    ASSERT_TRUE(MatchesTorch(y, ty, tol_for(d)));
    const Array g = npg::random::randn(y.shape(), d);
    y.backward(g);
    ty.backward(to_torch(g));
    EXPECT_TRUE(MatchesTorch(*x.grad(), tx.grad(), tol_for(d))) << "input";
    EXPECT_TRUE(MatchesTorch(*ln.weight.grad(), tw.grad(), tol_for(d)));
    EXPECT_TRUE(MatchesTorch(*ln.bias.grad(), tb.grad(), tol_for(d)));
  }
}

TEST(TorchNn, MlpAndActivationModules) {
  npg::random::manual_seed(35);
  for (const std::string act : {"relu", "tanh", "sigmoid", "gelu", "softplus"})
    for (DType d : float_dtypes) {
      SCOPED_TRACE(act + " " + std::string(npg::name(d)));
      nn::MLP mlp(3, {6, 5}, 2, act, d);
      std::vector<torch::Tensor> tp;
      for (const Array &p : mlp.parameters())
        tp.push_back(to_torch(p).requires_grad_(true));
      auto activation = [&](const torch::Tensor &t) {
        if (act == "relu")
          return torch::nn::ReLU()(t);
        if (act == "tanh")
          return torch::nn::Tanh()(t);
        if (act == "sigmoid")
          return torch::nn::Sigmoid()(t);
        if (act == "gelu")
          return torch::gelu(t, "tanh");
        return torch::nn::Softplus()(t);
      };
      auto [x, tx] = leaf(npg::random::randn({4, 3}, d));
      const Array y = mlp(x);
      torch::Tensor ty = tx;
      for (std::size_t i = 0; i < tp.size(); i += 2) {
        ty = F::linear(ty, tp[i], tp[i + 1]);
        if (i + 2 < tp.size())
          ty = activation(ty);
      }
      ASSERT_TRUE(MatchesTorch(y, ty, tol_for(d)));
      const Array g = npg::random::randn(y.shape(), d);
      y.backward(g);
      ty.backward(to_torch(g));
      EXPECT_TRUE(MatchesTorch(*x.grad(), tx.grad(), tol_for(d)));
      const std::vector<Array> params = mlp.parameters();
      for (std::size_t i = 0; i < params.size(); ++i)
        EXPECT_TRUE(MatchesTorch(*params[i].grad(), tp[i].grad(), tol_for(d)))
            << "parameter " << i;
    }
}

TEST(TorchNn, DropoutInEvalModeIsTheIdentity) {
  nn::Dropout drop(0.3);
  torch::nn::Dropout tdrop(0.3);
  drop.eval();
  tdrop->eval();
  const Array x = npg::random::randn({4, 5});
  EXPECT_TRUE(MatchesTorch(drop(x), tdrop(to_torch(x)), exact));
}

} // namespace
