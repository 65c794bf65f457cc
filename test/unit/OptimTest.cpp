// npg::optim: the update rules on hand-computed steps, state and its
// round trip, errors, and that training reduces a loss.
#include "Expect.h"

#include <cmath>

using npg::Array;
using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;
namespace optim = npg::optim;

namespace {
/// Sets p's gradient to g (one backward of sum(p * g)).
void set_grad(const Array &p, const Array &g) {
  Array q = p;
  q.zero_grad();
  (p * g).sum().backward();
}
} // namespace

TEST(Optim, SgdPlainMomentumNesterovWeightDecay) {
  Array p = npg::array({1.0, -2.0}, true);
  optim::SGD sgd({p}, {.lr = 0.1});
  set_grad(p, npg::array({0.5, 1.0}));
  const auto impl = p.impl();
  sgd.step();
  EXPECT_EQ(p.impl(), impl); // in place
  EXPECT_TRUE(ArraysClose(p, npg::array({0.95, -2.1})));

  // Momentum: buf = g at the first step, then 0.9 buf + g.
  Array q = npg::array({0.0}, true);
  optim::SGD mom({q}, {.lr = 1.0, .momentum = 0.9});
  set_grad(q, npg::array({1.0}));
  mom.step(); // buf 1, q -1
  set_grad(q, npg::array({1.0}));
  mom.step(); // buf 1.9, q -2.9
  EXPECT_TRUE(ArraysClose(q, npg::array({-2.9})));

  Array n = npg::array({0.0}, true);
  optim::SGD nest({n}, {.lr = 1.0, .momentum = 0.5, .nesterov = true});
  set_grad(n, npg::array({2.0}));
  nest.step(); // buf 2, step 2 + 0.5·2 = 3
  set_grad(n, npg::array({2.0}));
  nest.step(); // buf 3, step 2 + 1.5 = 3.5
  EXPECT_TRUE(ArraysClose(n, npg::array({-6.5})));

  Array w = npg::array({2.0}, true);
  optim::SGD decay({w}, {.lr = 0.5, .weight_decay = 0.1});
  set_grad(w, npg::array({0.0}));
  decay.step(); // g = 0.2, w = 1.9
  EXPECT_TRUE(ArraysClose(w, npg::array({1.9})));

  Array damp = npg::array({0.0}, true);
  optim::SGD dampened({damp}, {.lr = 1.0, .momentum = 1.0, .dampening = 0.5});
  set_grad(damp, npg::array({1.0}));
  dampened.step(); // buf 1
  set_grad(damp, npg::array({1.0}));
  dampened.step(); // buf 1 + 0.5 = 1.5
  EXPECT_TRUE(ArraysClose(damp, npg::array({-2.5})));
}

TEST(Optim, AdamFirstStepIsLrTimesSign) {
  for (bool decoupled : {false, true}) {
    Array p = npg::array({1.0, 1.0, 1.0}, true);
    std::unique_ptr<optim::Optimizer> opt;
    if (decoupled)
      opt = std::make_unique<optim::AdamW>(std::vector<Array>{p},
                                           optim::AdamWOptions{.lr = 0.1});
    else
      opt = std::make_unique<optim::Adam>(std::vector<Array>{p},
                                          optim::AdamOptions{.lr = 0.1});
    set_grad(p, npg::array({3.0, -0.5, 0.0}));
    opt->step();
    // m̂ = g, v̂ = g², so the step is lr·g / (|g| + eps); AdamW first decays
    // p by 1 - lr·wd.
    const double d = decoupled ? 1 - 0.1 * 0.01 : 1.0;
    EXPECT_TRUE(ArraysClose(p, npg::array({d - 0.1, d + 0.1, d}), 1e-7));
  }
}

TEST(Optim, ZeroGradSkipsAndState) {
  Array a = npg::array({1.0}, true), b = npg::array({2.0}, true);
  optim::Adam adam({a, b}, {.lr = 0.1, .amsgrad = true});
  set_grad(a, npg::array({1.0}));
  adam.step(); // b has no gradient: untouched, no state
  EXPECT_TRUE(ArraysClose(b, npg::array({2.0})));
  std::vector<std::string> keys;
  for (const auto &[k, v] : adam.state_dict())
    keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"0.step", "0.exp_avg", "0.exp_avg_sq",
                                      "0.max_exp_avg_sq"}));
  EXPECT_EQ(adam.state_dict()[0].second.item<std::int64_t>(), 1);
  adam.zero_grad();
  EXPECT_FALSE(a.grad().has_value());
  EXPECT_FALSE(b.grad().has_value());
}

TEST(Optim, StateDictRoundTripContinuesIdentically) {
  npg::random::manual_seed(4);
  const Array x = npg::random::randn({8, 3}), y = npg::random::randn({8});
  const Array w0 = npg::random::randn({3});
  auto loss = [&](const Array &w) {
    const Array r = npg::matmul(x, w) - y;
    return (r * r).mean();
  };
  Array w1 = w0.copy().requires_grad_(true);
  optim::AdamW a1({w1}, {.lr = 0.05});
  for (int i = 0; i < 3; ++i) {
    a1.zero_grad();
    loss(w1).backward();
    a1.step();
  }
  // A second optimizer resumes from the first's state and parameters.
  Array w2 = w1.detach().copy().requires_grad_(true);
  optim::AdamW a2({w2}, {.lr = 0.05});
  a2.load_state_dict(a1.state_dict());
  for (int i = 0; i < 3; ++i) {
    for (auto [w, opt] : {std::pair<Array, optim::Optimizer *>{w1, &a1},
                          std::pair<Array, optim::Optimizer *>{w2, &a2}}) {
      opt->zero_grad();
      loss(w).backward();
      opt->step();
    }
  }
  EXPECT_TRUE(ArraysClose(w2, w1, 0, 0));
}

TEST(Optim, TrainingReducesTheLoss) {
  npg::random::manual_seed(8);
  npg::nn::MLP model(2, {16}, 1, "tanh");
  const Array x = npg::random::uniform(-1, 1, {64, 2});
  const Array y = (x.select(1, 0) * x.select(1, 1)).reshape({64, 1});
  for (int which = 0; which < 3; ++which) {
    npg::nn::MLP m(2, {16}, 1, "tanh");
    m.load_state_dict(model.state_dict());
    std::unique_ptr<optim::Optimizer> opt;
    if (which == 0)
      opt = std::make_unique<optim::SGD>(
          m.parameters(), optim::SGDOptions{.lr = 0.1, .momentum = 0.9});
    else if (which == 1)
      opt = std::make_unique<optim::Adam>(m.parameters(),
                                          optim::AdamOptions{.lr = 0.01});
    else
      opt = std::make_unique<optim::AdamW>(m.parameters(),
                                           optim::AdamWOptions{.lr = 0.01});
    const double first = npg::nn::mse(m(x), y).item<double>();
    double last = first;
    for (int step = 0; step < 200; ++step) {
      opt->zero_grad();
      const Array l = npg::nn::mse(m(x), y);
      l.backward();
      opt->step();
      last = l.item<double>();
    }
    EXPECT_LT(last, first * 0.5) << "optimizer " << which;
  }
}

TEST(Optim, Errors) {
  Array p = npg::ones({2}, true);
  EXPECT_TRUE(ThrowsWith([] { optim::SGD({}, {}); },
                         "SGD: got an empty parameter list"));
  EXPECT_TRUE(ThrowsWith([&] { optim::Adam({p * 2.0}); },
                         "Adam: parameter 0 (shape (2,)) is not a leaf array"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        optim::SGD({p, p});
      },
      "parameter 1 appears twice in the parameter list"));
  EXPECT_TRUE(ThrowsWith([&] { optim::SGD({p}, {.lr = -1}); },
                         "SGD: invalid learning rate: -1"));
  EXPECT_TRUE(
      ThrowsWith([&] { optim::SGD({p}, {.nesterov = true}); },
                 "nesterov momentum requires a momentum and zero dampening"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        optim::AdamW({p}, {.betas = {0.9, 1.0}});
      },
      "AdamW: invalid beta parameter at index 1: 1"));
  optim::Adam adam({p});
  EXPECT_TRUE(ThrowsWith(
      [&] {
        adam.load_state_dict({{"0.exp_avg", npg::zeros({3})}});
      },
      "Adam.load_state_dict: '0.exp_avg' has shape (3,), but the state of "
      "parameter 0 has shape (2,)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        adam.load_state_dict({{"1.exp_avg", npg::zeros({2})}});
      },
      "key '1.exp_avg' names parameter 1, but there are 1"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        adam.load_state_dict({{"0.velocity", npg::zeros({2})}});
      },
      "unexpected key '0.velocity'"));
}
