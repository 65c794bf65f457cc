// A whole training step inside npg::compile: zero_grad(), backward() and
// an optimizer's step() compile into one call, whose parameters, gradients
// and optimizer state equal eager mode's after every step (with dropout
// too: compiled code draws the eager masks); in-place writes
// of the user's own, a learning rate changed between steps, and what a
// trace still refuses.
#include "Expect.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace {

using npg::Array;
using npg::DType;
using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;
namespace nn = npg::nn;
namespace optim = npg::optim;

using MakeOptimizer =
    std::function<std::unique_ptr<optim::Optimizer>(std::vector<Array>)>;

struct OptimizerCase {
  std::string name;
  MakeOptimizer make;
};

template <class O, class Options>
OptimizerCase make_case(std::string name, Options options) {
  return {std::move(name), [options](std::vector<Array> params) {
            return std::make_unique<O>(std::move(params), options);
          }};
}

std::vector<OptimizerCase> optimizer_cases() {
  return {
      make_case<optim::SGD>("sgd", optim::SGDOptions{.lr = 0.1}),
      make_case<optim::SGD>("sgd_momentum_dampening",
                            optim::SGDOptions{.lr = 0.05,
                                              .momentum = 0.9,
                                              .dampening = 0.2,
                                              .weight_decay = 1e-2}),
      make_case<optim::SGD>(
          "sgd_nesterov",
          optim::SGDOptions{.lr = 0.05, .momentum = 0.8, .nesterov = true}),
      make_case<optim::Adam>("adam", optim::AdamOptions{.lr = 1e-2}),
      make_case<optim::Adam>(
          "adam_weight_decay_amsgrad",
          optim::AdamOptions{.lr = 1e-2, .weight_decay = 0.1, .amsgrad = true}),
      make_case<optim::AdamW>("adamw", optim::AdamWOptions{.lr = 1e-2}),
      make_case<optim::AdamW>("adamw_amsgrad",
                              optim::AdamWOptions{.lr = 1e-2, .amsgrad = true}),
  };
}

/// A small classifier, its optimizer and a batch, all from one seed: two
/// of them start equal.
struct Trainer {
  std::shared_ptr<nn::Sequential> model;
  std::unique_ptr<optim::Optimizer> opt;
  Array x, y;

  Trainer(const MakeOptimizer &make, DType dtype, double dropout = 0) {
    npg::random::manual_seed(11);
    model = std::make_shared<nn::Sequential>(
        std::initializer_list<std::shared_ptr<nn::Module>>{
            std::make_shared<nn::Linear>(5, 8, true, dtype),
            std::make_shared<nn::Tanh>(),
            std::make_shared<nn::Dropout>(dropout),
            std::make_shared<nn::Linear>(8, 3, true, dtype)});
    opt = make(model->parameters());
    x = npg::random::randn({12, 5}).astype(dtype);
    y = npg::random::randint(0, 3, {12});
  }

  /// One training step: zeroes the gradients first when `zero_inside`.
  Array step(const Array &xb, const Array &yb, bool zero_inside) {
    if (zero_inside)
      opt->zero_grad();
    Array loss = nn::cross_entropy((*model)(xb), yb);
    loss.backward();
    opt->step();
    return loss;
  }
};

::testing::AssertionResult SameState(Trainer &compiled, Trainer &eager,
                                     double rtol) {
  const std::vector<Array> &pc = compiled.model->parameters();
  const std::vector<Array> &pe = eager.model->parameters();
  for (std::size_t i = 0; i < pc.size(); ++i) {
    if (auto r = ArraysClose(pc[i], pe[i], rtol, rtol); !r)
      return r << " (parameter " << i << ")";
    if (pc[i].grad().has_value() != pe[i].grad().has_value())
      return ::testing::AssertionFailure() << "parameter " << i << " grad";
    if (pc[i].grad())
      if (auto r = ArraysClose(*pc[i].grad(), *pe[i].grad(), rtol, rtol); !r)
        return r << " (gradient of parameter " << i << ")";
  }
  const npg::NamedArrays sc = compiled.opt->state_dict();
  const npg::NamedArrays se = eager.opt->state_dict();
  if (sc.size() != se.size())
    return ::testing::AssertionFailure()
           << sc.size() << " state entries vs eager's " << se.size();
  for (std::size_t i = 0; i < sc.size(); ++i) {
    if (sc[i].first != se[i].first)
      return ::testing::AssertionFailure()
             << sc[i].first << " vs eager's " << se[i].first;
    if (auto r = ArraysClose(sc[i].second, se[i].second, rtol, rtol); !r)
      return r << " (" << sc[i].first << ")";
  }
  return ::testing::AssertionSuccess();
}

TEST(CompiledStep, EveryOptimizerMatchesEagerOverAHundredSteps) {
  struct Variant {
    bool zero_inside;
    double dropout;
  };
  for (const OptimizerCase &c : optimizer_cases())
    for (const DType dtype : {npg::float64, npg::float32})
      for (const Variant v :
           {Variant{true, 0}, Variant{false, 0}, Variant{true, 0.3}}) {
        SCOPED_TRACE(c.name + (dtype == npg::float32 ? " float32" : "") +
                     (v.zero_inside ? "" : ", zero_grad outside") +
                     (v.dropout > 0 ? ", dropout" : ""));
        const double rtol = dtype == npg::float64 ? 1e-12 : 1e-5;
        Trainer eager(c.make, dtype, v.dropout),
            compiled(c.make, dtype, v.dropout);
        auto step = npg::compile([&](const Array &x, const Array &y) {
          return compiled.step(x, y, v.zero_inside);
        });
        for (int i = 0; i < 100; ++i) {
          if (!v.zero_inside) {
            eager.opt->zero_grad();
            compiled.opt->zero_grad();
          }
          // The same dropout masks: each step draws from the same seed.
          npg::random::manual_seed(1000 + i);
          const Array le = eager.step(eager.x, eager.y, v.zero_inside);
          npg::random::manual_seed(1000 + i);
          const Array lc = step(compiled.x, compiled.y);
          EXPECT_FALSE(lc.requires_grad()); // its gradients were taken
          ASSERT_TRUE(ArraysClose(lc, le.detach(), rtol, rtol)) << "step " << i;
          ASSERT_TRUE(SameState(compiled, eager, rtol)) << "step " << i;
        }
        // SGD with momentum traces its first step's branch (the buffer is
        // the gradient) and once more; every other call runs compiled code.
        EXPECT_LE(step.stats().compiles, 2);
        EXPECT_GE(step.stats().cache_hits, 98);
      }
}

TEST(CompiledStep, GradientsAccumulateAcrossCallsAsEagerOnes) {
  // Without zero_grad, each backward adds into the gradients: in place,
  // so the code traced on the second call holds from then on.
  const OptimizerCase c = optimizer_cases()[3]; // adam
  Trainer eager(c.make, npg::float64), compiled(c.make, npg::float64);
  auto grads_only = [](Trainer &s, const Array &x, const Array &y) {
    Array loss = nn::cross_entropy((*s.model)(x), y);
    loss.backward();
    return loss;
  };
  auto step = npg::compile([&](const Array &x, const Array &y) {
    return grads_only(compiled, x, y);
  });
  for (int i = 0; i < 5; ++i) {
    grads_only(eager, eager.x, eager.y);
    step(compiled.x, compiled.y);
    ASSERT_TRUE(SameState(compiled, eager, 1e-12)) << "call " << i;
  }
  EXPECT_EQ(step.stats().compiles, 2); // no gradient yet, then in place
  // A gradient emptied between calls: traced again for that.
  eager.opt->zero_grad();
  compiled.opt->zero_grad();
  grads_only(eager, eager.x, eager.y);
  step(compiled.x, compiled.y);
  EXPECT_TRUE(SameState(compiled, eager, 1e-12));
}

TEST(CompiledStep, TwoBackwardsInOneCallAccumulateAsEagerOnes) {
  npg::random::manual_seed(4);
  Array w = npg::random::randn({5}, true);
  const Array x = npg::random::randn({5});
  // Two losses, and one loss twice (its graph kept by the first call).
  auto two_losses = npg::compile([&](const Array &xb) {
    const Array l1 = (w * xb).sum();
    const Array l2 = (w * w * xb).sum();
    l1.backward();
    l2.backward();
    return l1 + l2;
  });
  auto one_loss_twice = npg::compile([&](const Array &xb) {
    const Array l = (w * w * xb).sum();
    l.backward(std::nullopt, /*retain_graph=*/true);
    l.backward();
    return l;
  });
  const Array wd = w.detach();
  for (int i = 0; i < 3; ++i) {
    w.zero_grad();
    two_losses(x);
    EXPECT_TRUE(ArraysClose(*w.grad(), x + wd * x * 2.0, 1e-12, 1e-12))
        << "call " << i; // d/dw (w.x + w^2.x)
    w.zero_grad();
    one_loss_twice(x);
    EXPECT_TRUE(ArraysClose(*w.grad(), wd * x * 4.0, 1e-12, 1e-12))
        << "call " << i;
  }
  EXPECT_EQ(two_losses.stats().compiles, 1);
  EXPECT_EQ(one_loss_twice.stats().compiles, 1);
  // Without retain_graph the second backward fails in the trace, as eagerly.
  auto freed = npg::compile([&](const Array &xb) {
    const Array l = (w * w * xb).sum();
    l.backward();
    l.backward();
    return l;
  });
  EXPECT_THROW(freed(x), npg::Error);
}

TEST(CompiledStep, ALearningRateChangedBetweenStepsIsReadAtEachCall) {
  // The options' numbers and the step count are inputs of the compiled
  // code: a schedule changes them without a recompile.
  const OptimizerCase c = optimizer_cases()[5]; // adamw
  Trainer eager(c.make, npg::float64), compiled(c.make, npg::float64);
  auto step = npg::compile([&](const Array &x, const Array &y) {
    return compiled.step(x, y, true);
  });
  for (int i = 0; i < 6; ++i) {
    const double lr = 1e-2 / (1 + i);
    static_cast<optim::AdamW &>(*eager.opt).options.lr = lr;
    static_cast<optim::AdamW &>(*compiled.opt).options.lr = lr;
    eager.step(eager.x, eager.y, true);
    step(compiled.x, compiled.y);
    ASSERT_TRUE(SameState(compiled, eager, 1e-12)) << "step " << i;
  }
  EXPECT_EQ(step.stats().compiles, 1);
  const npg::NamedArrays state = compiled.opt->state_dict();
  EXPECT_EQ(state[0].first, "0.step");
  EXPECT_EQ(state[0].second.item<std::int64_t>(), 6);
}

TEST(CompiledStep, TheUsersInPlaceWritesAreWrittenBack) {
  // +=, *=, assign and fill on arrays that outlive the call: each call
  // writes them in place (same storage, version bumped), as eager code.
  Array total = npg::zeros({3});
  Array scale = npg::ones({3});
  Array last = npg::zeros({3});
  auto f = npg::compile([&](const Array &x) {
    total += x;
    scale *= 2.0;
    last.fill(-1.0);
    last.assign(x * scale);
    return total.sum();
  });
  const void *storage = total.raw_data();
  const std::uint64_t version = total.version();
  const Array x = npg::array({1.0, 2.0, 3.0});
  for (int i = 1; i <= 3; ++i) {
    const Array s = f(x);
    EXPECT_TRUE(ArraysClose(s, npg::array(6.0 * i)));
  }
  EXPECT_EQ(f.stats().compiles, 1);
  EXPECT_EQ(total.raw_data(), storage);
  EXPECT_EQ(total.version(), version + 3);
  EXPECT_TRUE(ArraysClose(total, npg::array({3.0, 6.0, 9.0})));
  EXPECT_TRUE(ArraysClose(scale, npg::full({3}, 8.0)));
  EXPECT_TRUE(ArraysClose(last, npg::array({8.0, 16.0, 24.0})));
  // An input written in place: the call's own input is.
  auto g = npg::compile([](const Array &a) {
    Array b = a;
    b += 1.0;
    return b * 1.0;
  });
  Array a1 = npg::zeros({2}), a2 = npg::zeros({2});
  g(a1);
  g(a2);
  g(a2);
  EXPECT_TRUE(ArraysClose(a1, npg::ones({2})));
  EXPECT_TRUE(ArraysClose(a2, npg::full({2}, 2.0)));
}

TEST(CompiledStep, AViewReadAfterAWriteIsRefused) {
  // A view taken before an in-place write of its array changed with it; a
  // trace records values, so reading it after the write is an error, not
  // the value from before.
  Array p = npg::zeros({2, 3});
  const Array row = p[0];
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::trace(
            [&](const Array &x) {
              p += x;
              return row * 1.0;
            },
            npg::ones({2, 3}));
      },
      "after an in-place write"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::trace(
            [&](const Array &x) {
              Array t = p.T();
              p.assign(x);
              return t * 1.0;
            },
            npg::ones({2, 3}));
      },
      "after an in-place write"));
}

TEST(CompiledStep, NoGradEvaluationStillCompilesOnlyTheForward) {
  const OptimizerCase c = optimizer_cases()[0];
  Trainer s(c.make, npg::float64);
  auto eval = npg::compile([&](const Array &x) { return (*s.model)(x); });
  npg::NoGradGuard no_grad;
  const Array want = (*s.model)(s.x);
  eval(s.x);
  const Array got = eval(s.x);
  EXPECT_FALSE(got.requires_grad());
  EXPECT_TRUE(ArraysClose(got, want));
  for (const Array &p : s.model->parameters())
    EXPECT_FALSE(p.grad());
}

} // namespace
