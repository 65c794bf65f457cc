// The autograd semantics of DESIGN.md ("The semantics to keep"), one test each.
#include "Expect.h"

#include "npg/runtime/Storage.h"

#include <thread>

using npg::Array;
using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;

TEST(Autograd, SeedExampleVerbatim) {
  Array a = npg::array({2.0}, /*requires_grad=*/true);
  Array b = npg::array({3.0}, true);
  Array c = a * b;
  Array d = c + a;
  ASSERT_TRUE(c.grad_fn());
  EXPECT_EQ(c.grad_fn()->name(), "Mul");
  EXPECT_EQ(d.grad_fn()->name(), "Add");
  ASSERT_EQ(d.parents().size(), 2u);
  EXPECT_EQ(d.parents()[0].impl(), c.impl());
  EXPECT_EQ(d.parents()[1].impl(), a.impl());
  EXPECT_TRUE(a.is_leaf());
  EXPECT_FALSE(a.grad_fn());
  EXPECT_FALSE(a.grad().has_value());
  d.backward();
  EXPECT_TRUE(ArraysClose(*a.grad(), npg::array({4.0})));
  EXPECT_TRUE(ArraysClose(*b.grad(), npg::array({2.0})));
}

TEST(Autograd, NonScalarBackwardTakesExplicitGradient) {
  Array x = npg::array({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, true);
  Array out = x * 2;
  out.backward(npg::ones_like(out));
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::full({2, 3}, 2.0)));
}

TEST(Autograd, BroadcastGradientsAreSummedToOperandShape) {
  Array x = npg::random::randn({3, 4}, true);
  Array col = npg::random::randn({3, 1}, true);
  Array row = npg::random::randn({4}, true);
  Array s = npg::array(2.5, true);
  ((x + col) * row * s).sum().backward();
  ASSERT_EQ(col.grad()->shape(), (npg::Shape{3, 1}));
  ASSERT_EQ(row.grad()->shape(), (npg::Shape{4}));
  ASSERT_EQ(s.grad()->shape(), (npg::Shape{}));
  // d/dcol = sum over axis 1 of row*s; d/drow = sum over axis 0 of (x+col)*s.
  EXPECT_TRUE(ArraysClose(*col.grad(),
                          npg::full({3, 1}, (row * s).sum().item<double>())));
  EXPECT_TRUE(ArraysClose(*row.grad(), ((x + col) * s).detach().sum(0)));
  EXPECT_TRUE(ArraysClose(*s.grad(), ((x + col) * row).detach().sum()));
}

TEST(Autograd, GradIsEmptyUntilBackwardAndAccumulates) {
  Array x = npg::array({1.0, -2.0}, true);
  EXPECT_FALSE(x.grad().has_value());
  (x * x).sum().backward();
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::array({2.0, -4.0})));
  (x * x).sum().backward();
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::array({4.0, -8.0})));
  x.zero_grad();
  EXPECT_FALSE(x.grad().has_value());
}

TEST(Autograd, NonLeafKeepsNoGradUnlessRetained) {
  Array x = npg::array({3.0}, true);
  Array y = x * x;
  Array z = y * 2;
  Array w = y + 1;
  w.retain_grad();
  (z + w).sum().backward();
  EXPECT_FALSE(y.grad().has_value());
  EXPECT_FALSE(y.is_leaf());
  ASSERT_TRUE(w.grad().has_value());
  EXPECT_TRUE(ArraysClose(*w.grad(), npg::array({1.0})));
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::array({18.0})));
}

TEST(Autograd, NonDifferentiableOpsHaveNoGradFn) {
  Array x = npg::array({{1.5, -2.0}, {0.0, 3.0}}, true);
  Array y = x * 1.0;
  EXPECT_FALSE(y.astype(npg::float32).grad_fn());
  for (const Array &i : y.nonzero())
    EXPECT_FALSE(i.grad_fn());
  EXPECT_FALSE(y.all().grad_fn());
  EXPECT_FALSE(y.any(0).grad_fn());
  EXPECT_FALSE(y.round().grad_fn());
  EXPECT_FALSE(npg::sort(y).grad_fn());
  EXPECT_FALSE((y > 0).grad_fn());
  EXPECT_FALSE((y == y).grad_fn());
  EXPECT_FALSE((y <= 1.0).grad_fn());
  Array d = y.detach();
  EXPECT_FALSE(d.fill(7).grad_fn());
  EXPECT_FALSE(d.sort().grad_fn());
}

TEST(Autograd, AstypeToAFloatDtypeIsANewLeafThatRequiresGrad) {
  // numpygrad's astype and PyTorch's .to keep requires_grad; astype adds no
  // grad_fn, so the result is a leaf of its own.
  Array x = npg::array({1.0, 2.0}, true);
  Array y = x.astype(npg::float32);
  EXPECT_TRUE(y.requires_grad());
  EXPECT_TRUE(y.is_leaf());
  EXPECT_FALSE(y.grad_fn());
  EXPECT_TRUE(x.astype(npg::float64).requires_grad());
  EXPECT_TRUE((x * 2.0).astype(npg::float32).requires_grad());
  EXPECT_TRUE((x * 2.0).astype(npg::float32).is_leaf());
  // Integer and bool results cannot require grad.
  EXPECT_FALSE(x.astype(npg::int64).requires_grad());
  EXPECT_FALSE(x.astype(npg::bool_).requires_grad());
  // Gradients reach the new leaf, not the array it was cast from.
  (y * 3.0f).sum().backward();
  ASSERT_TRUE(y.grad());
  EXPECT_TRUE(ArraysClose(*y.grad(), npg::full({2}, 3.0f)));
  EXPECT_FALSE(x.grad());
  // Arrays that do not require grad, or grad mode off: as before.
  EXPECT_FALSE(npg::ones({2}).astype(npg::float32).requires_grad());
  npg::NoGradGuard no_grad;
  EXPECT_FALSE(x.astype(npg::float32).requires_grad());
}

TEST(Autograd, SharedSubexpressionsRunEachNodeOnce) {
  Array x = npg::array({1.0, 2.0}, true);
  Array y = x * x;     // used three times below
  Array z = y + y * y; // dz/dx = 2x + 4x^3
  z.sum().backward();
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::array({6.0, 36.0})));
}

TEST(Autograd, DeepGraphDoesNotOverflowTheStack) {
  Array x = npg::array({1.0}, true);
  Array y = x;
  for (int i = 0; i < 10000; ++i)
    y = y * 0.5 + y * 0.5; // each step shares y twice
  y.sum().backward();
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::array({1.0}), 1e-9));
  // Dropping the graph must not recurse 10,000 deep either.
  y = Array();
}

TEST(Autograd, SecondBackwardThroughFreedGraphThrows) {
  Array x = npg::array({2.0}, true);
  Array y = (x * x).sum();
  y.backward();
  EXPECT_TRUE(ThrowsWith([&] { y.backward(); },
                         "backward through the graph a second time"));
}

TEST(Autograd, RetainGraphAllowsSecondBackward) {
  Array x = npg::array({2.0}, true);
  Array y = (x * x).sum();
  y.backward(std::nullopt, /*retain_graph=*/true);
  y.backward();
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::array({8.0})));
}

TEST(Autograd, InPlaceChangeOfSavedArrayIsCaught) {
  Array x = npg::array({1.0, 2.0}, true);
  Array y = x.exp(); // Exp saves its output
  Array z = y.sum();
  {
    npg::NoGradGuard guard;
    y.fill(0.0);
  }
  EXPECT_TRUE(
      ThrowsWith([&] { z.backward(); },
                 "gradient of Exp has been modified by an in-place operation"));
}

TEST(Autograd, VersionCounterIsSharedByViews) {
  Array x = npg::array({1.0, 2.0, 3.0}, true);
  Array t = x * 1.0;
  Array u = (t * t).sum(); // Mul saves t
  const auto before = t.version();
  {
    npg::NoGradGuard guard;
    Array view = t.slice(0, 1, 2);
    view.fill(5.0);
  }
  EXPECT_EQ(t.version(), before + 1);
  EXPECT_TRUE(ThrowsWith([&] { u.backward(); }, "Mul"));
}

TEST(Autograd, InPlaceOnArrayRequiringGradIsRefusedInGradMode) {
  Array w = npg::array({1.0, 2.0}, true);
  EXPECT_TRUE(ThrowsWith([&] { w.fill(0); }, "in place"));
  EXPECT_TRUE(ThrowsWith([&] { w += 1.0; }, "in place"));
  npg::NoGradGuard guard;
  w -= 0.5; // the optimizer's update
  EXPECT_TRUE(ArraysClose(w, npg::array({0.5, 1.5})));
}

TEST(Autograd, NoGradGuardIsScopedAndPerThread) {
  Array x = npg::array({1.0}, true);
  {
    npg::NoGradGuard guard;
    EXPECT_FALSE(npg::is_grad_enabled());
    EXPECT_FALSE((x * 2).grad_fn());
    EXPECT_FALSE((x * 2).requires_grad());
    bool other_thread = false;
    std::thread([&] { other_thread = npg::is_grad_enabled(); }).join();
    EXPECT_TRUE(other_thread);
  }
  EXPECT_TRUE(npg::is_grad_enabled());
  EXPECT_TRUE((x * 2).grad_fn());
}

TEST(Autograd, GradientsTakeTheLeafDtype) {
  Array w = npg::array({1.0f, 2.0f}, true);
  Array x = npg::array({3.0, 4.0}); // float64
  Array y = (w * x).sum();
  EXPECT_EQ(y.dtype(), npg::float64);
  y.backward();
  EXPECT_EQ(w.grad()->dtype(), npg::float32);
  EXPECT_TRUE(ArraysClose(*w.grad(), npg::array({3.0f, 4.0f}), 1e-6));
}

TEST(Autograd, DetachCutsTheGraphButSharesStorage) {
  Array x = npg::array({1.0, 2.0}, true);
  Array y = x * 3;
  Array d = y.detach();
  EXPECT_FALSE(d.requires_grad());
  EXPECT_FALSE(d.grad_fn());
  EXPECT_EQ(d.raw_data(), y.raw_data());
  EXPECT_EQ(x.data().raw_data(), x.raw_data());
}

TEST(Autograd, TrainingLoopHoldsMemoryFlat) {
  npg::random::manual_seed(0);
  Array X = npg::random::randn({32, 4});
  Array Y = (X.sum(1, true) > 0).astype(npg::float64);
  Array W = npg::random::randn({4, 8}, true), b = npg::zeros({8}, true);
  Array V = npg::random::randn({8, 1}, true);
  std::int64_t live_at_100 = 0, bytes_at_100 = 0;
  double first_loss = 0, last_loss = 0;
  for (int step = 0; step < 10000; ++step) {
    Array p = (X.matmul(W) + b).tanh().matmul(V).sigmoid();
    Array loss = ((p - Y) * (p - Y)).mean();
    loss.backward();
    {
      npg::NoGradGuard guard;
      for (Array *param : {&W, &b, &V}) {
        *param -= *param->grad() * 0.5;
        param->zero_grad();
      }
    }
    (step == 0 ? first_loss : last_loss) = loss.item<double>();
    if (step == 100) {
      live_at_100 = npg::Storage::live_count();
      bytes_at_100 = npg::Storage::live_bytes();
    }
  }
  EXPECT_LT(last_loss, first_loss);
  EXPECT_LE(npg::Storage::live_count(), live_at_100);
  EXPECT_LE(npg::Storage::live_bytes(), bytes_at_100);
}
