// Threads: eager training in two threads equals training one after the
// other, bit for bit; one compiled function called from two threads at once
// compiles once and gives one thread's results; grad mode is per thread.
// scripts/sanitize.sh tsan runs these under ThreadSanitizer.
#include "MlpLoss.h"
#include <gtest/gtest.h>

#include <npg/npg.h>

#include <cmath>
#include <functional>
#include <latch>
#include <thread>
#include <vector>

using npg::Array;
using npg::reliability::mlp_loss;

namespace {

/// A 4-16-16-1 tanh MLP's parameters, drawn in the calling thread (the
/// default generator is shared, so draws in threads would interleave).
std::vector<Array> make_mlp(unsigned seed) {
  npg::random::manual_seed(seed);
  std::vector<Array> p;
  for (auto [in, out] : {std::pair{4, 16}, {16, 16}, {16, 1}}) {
    p.push_back(npg::random::uniform(-0.5, 0.5, {in, out}, true));
    p.push_back(npg::random::uniform(-0.5, 0.5, {out}, true));
  }
  return p;
}

std::vector<Array> copies(const std::vector<Array> &params) {
  std::vector<Array> out;
  for (const Array &p : params)
    out.push_back(p.detach().copy().requires_grad_());
  return out;
}

struct Data {
  Array x, y;
};

Data make_data(unsigned seed) {
  npg::random::manual_seed(seed);
  Array x = npg::random::uniform(-1, 1, {128, 4});
  Array y = (x.slice(1, 0, 1) * x.slice(1, 1, 2) - x.slice(1, 2, 3)).tanh();
  return {x, y};
}

/// Trains `p` in place by gradient descent; returns the losses.
std::vector<double> train(std::vector<Array> &p, const Data &d, int steps) {
  std::vector<double> losses;
  for (int s = 0; s < steps; ++s) {
    const Array loss = mlp_loss(p, d.x, d.y);
    loss.backward();
    npg::NoGradGuard no_grad;
    for (Array &w : p) {
      w -= *w.grad() * 0.1;
      w.zero_grad();
    }
    losses.push_back(loss.item<double>());
  }
  return losses;
}

void expect_identical(const std::vector<Array> &a,
                      const std::vector<Array> &b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_TRUE(npg::array_equal(a[i], b[i])) << "array " << i;
}

/// Runs the functions in threads that start together.
void run_together(const std::vector<std::function<void()>> &work) {
  std::latch start(static_cast<std::ptrdiff_t>(work.size()));
  std::vector<std::thread> threads;
  for (const auto &w : work)
    threads.emplace_back([&] {
      start.arrive_and_wait();
      w();
    });
  for (std::thread &t : threads)
    t.join();
}

} // namespace

TEST(Threads, TwoModelsTrainedEagerlyAtOnceMatchOneAfterTheOther) {
  const std::vector<Array> init_a = make_mlp(1), init_b = make_mlp(2);
  const Data da = make_data(3), db = make_data(4);
  constexpr int steps = 60;

  std::vector<Array> seq_a = copies(init_a), seq_b = copies(init_b);
  const std::vector<double> losses_a = train(seq_a, da, steps);
  const std::vector<double> losses_b = train(seq_b, db, steps);
  ASSERT_LT(losses_a.back(), losses_a.front()); // it does train

  std::vector<Array> par_a = copies(init_a), par_b = copies(init_b);
  std::vector<double> par_losses_a, par_losses_b;
  run_together({[&] { par_losses_a = train(par_a, da, steps); },
                [&] { par_losses_b = train(par_b, db, steps); }});
  EXPECT_EQ(par_losses_a, losses_a);
  EXPECT_EQ(par_losses_b, losses_b);
  expect_identical(par_a, seq_a);
  expect_identical(par_b, seq_b);
}

TEST(Threads, OneCompiledFunctionCalledFromTwoThreadsMatchesOneThread) {
  const std::vector<Array> init = make_mlp(5);
  const Data da = make_data(6), db = make_data(7);
  auto loss = npg::compile(
      [](const std::vector<Array> &v) {
        return mlp_loss({v.begin() + 2, v.end()}, v[0], v[1]);
      },
      "mlp_loss");
  // Forward and backward for each data set, `n` times over.
  constexpr int calls = 25;
  auto run = [&](const Data &d, std::vector<double> &losses,
                 std::vector<Array> &grads, int n) {
    std::vector<Array> p = copies(init);
    for (int c = 0; c < n; ++c) {
      std::vector<Array> args{d.x, d.y};
      args.insert(args.end(), p.begin(), p.end());
      const Array l = loss(args);
      l.backward();
      losses.push_back(l.item<double>());
    }
    for (const Array &w : p)
      grads.push_back(*w.grad()); // accumulated over the calls
  };
  // Both threads meet the new signature at once: it compiles once. (The
  // call that compiles returns the eager results of its trace.)
  std::vector<double> first_a, first_b;
  std::vector<Array> unused_a, unused_b;
  run_together({[&] { run(da, first_a, unused_a, 1); },
                [&] { run(db, first_b, unused_b, 1); }});
  EXPECT_EQ(loss.stats().compiles, 1);
  EXPECT_EQ(loss.stats().cache_hits, 1);

  std::vector<double> one_a, one_b, two_a, two_b;
  std::vector<Array> grads_one_a, grads_one_b, grads_two_a, grads_two_b;
  run_together({[&] { run(da, two_a, grads_two_a, calls); },
                [&] { run(db, two_b, grads_two_b, calls); }});
  EXPECT_EQ(loss.stats().compiles, 1);
  EXPECT_EQ(loss.stats().cache_hits, 1 + 2 * calls);
  run(da, one_a, grads_one_a, calls);
  run(db, one_b, grads_one_b, calls);
  EXPECT_EQ(two_a, one_a);
  EXPECT_EQ(two_b, one_b);
  expect_identical(grads_two_a, grads_one_a);
  expect_identical(grads_two_b, grads_one_b);
  // And the compiled values are the eager ones.
  std::vector<Array> p = copies(init);
  EXPECT_NEAR(one_a.front(), mlp_loss(p, da.x, da.y).item<double>(), 1e-6);
}

TEST(Threads, DifferentFunctionsCompileAtOnce) {
  auto f = npg::compile([](const Array &x) { return (x * x).sum(); }, "f");
  auto g = npg::compile([](const Array &x) { return x.exp().sum(); }, "g");
  const Array x = npg::arange(4).astype(npg::float64);
  double fx = 0, gx = 0;
  run_together(
      {[&] { fx = f(x).item<double>(); }, [&] { gx = g(x).item<double>(); }});
  EXPECT_EQ(fx, 14.0);
  EXPECT_NEAR(gx, 1 + std::exp(1.0) + std::exp(2.0) + std::exp(3.0), 1e-12);
}

TEST(Threads, GradModeIsPerThread) {
  const Array w = npg::ones({3}, true);
  std::latch both_set(2), both_checked(2);
  bool other_enabled = false, other_records = false;
  bool main_enabled = true, main_records = true;
  std::thread other([&] {
    // Grad mode starts on in a new thread, whatever the main thread does.
    other_enabled = npg::is_grad_enabled();
    both_set.arrive_and_wait();
    other_records = (w * 2).requires_grad();
    both_checked.arrive_and_wait();
  });
  {
    npg::NoGradGuard no_grad;
    both_set.arrive_and_wait();
    main_enabled = npg::is_grad_enabled();
    main_records = (w * 2).requires_grad();
    both_checked.arrive_and_wait();
  }
  other.join();
  EXPECT_TRUE(other_enabled);
  EXPECT_TRUE(other_records);
  EXPECT_FALSE(main_enabled);
  EXPECT_FALSE(main_records);

  // And the other way round: turning it off in a thread leaves this one on.
  std::thread off([] {
    npg::set_grad_enabled(false);
    EXPECT_FALSE(npg::is_grad_enabled());
  });
  off.join();
  EXPECT_TRUE(npg::is_grad_enabled());
  EXPECT_TRUE((w * 2).requires_grad());
}
