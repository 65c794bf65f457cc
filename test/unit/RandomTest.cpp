// npg::random: Philox4x32-10 against Random123's published answers, draws
// reproducible from (seed, offset), compiled draws equal to eager ones call
// after call, dropout inside a compiled function, multinomial sampling.
#include "Expect.h"

#include "npg/rules/Random.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace {

using npg::Array;
using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;
namespace philox = npg::rules::philox;

TEST(Random, PhiloxMatchesRandom123sKnownAnswers) {
  // Random123's tests/kat_vectors for philox4x32_10.
  EXPECT_EQ(philox::philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (philox::Block{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(
      philox::philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
                            {0xffffffff, 0xffffffff}),
      (philox::Block{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(
      philox::philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
                            {0xa4093822, 0x299f31d0}),
      (philox::Block{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(Random, UniformsTakeTheTopBitsOfTheBlock) {
  EXPECT_EQ(philox::uniform_double({0, 0, 7, 7}), 0.0);
  EXPECT_EQ(philox::uniform_float({0xff, 0, 0, 0}), 0.0f);
  // All ones is the largest value below 1: 1 - 2^-53 and 1 - 2^-24.
  EXPECT_EQ(philox::uniform_double({0xffffffff, 0xffffffff, 0, 0}),
            1.0 - 0x1.0p-53);
  EXPECT_EQ(philox::uniform_float({0xffffffff, 0, 0, 0}), 1.0f - 0x1.0p-24f);
  EXPECT_EQ(philox::uniform_double({0, 0x80000000, 0, 0}), 0.5);
}

TEST(Random, AnArrayDrawIsOneCounterPerElement) {
  npg::random::manual_seed(3);
  const Array u = npg::random::rand({2, 3});
  npg::random::Generator g(3);
  std::vector<double> expected;
  for (int i = 0; i < 6; ++i)
    expected.push_back(g.uniform01());
  EXPECT_EQ(u.reshape({6}).to_vector<double>(), expected);
  EXPECT_EQ(npg::random::default_generator().offset(), 6u);
  // The next draw continues where this one stopped.
  EXPECT_EQ(npg::random::rand({}).item<double>(), g.uniform01());
  // float32 keeps the top 24 bits of the same words.
  npg::random::manual_seed(3);
  const Array f = npg::random::rand({6}, npg::float32);
  for (std::uint64_t i = 0; i < 6; ++i)
    EXPECT_EQ(f.to_vector<float>()[i],
              philox::uniform_float(philox::block(3, i)));
}

TEST(Random, ReseedingRestartsTheSequence) {
  npg::random::manual_seed(7);
  const Array first = npg::random::randn({3});
  npg::random::randn({5});
  npg::random::manual_seed(7);
  EXPECT_TRUE(npg::array_equal(npg::random::randn({3}), first));
  npg::random::manual_seed(8);
  EXPECT_FALSE(npg::array_equal(npg::random::randn({3}), first));
}

TEST(Random, EmptyDrawsTakeNoCounters) {
  npg::random::manual_seed(1);
  EXPECT_EQ(npg::random::rand({0, 4}).shape(), (npg::Shape{0, 4}));
  EXPECT_EQ(npg::random::randn({3, 0}, npg::float32).shape(),
            (npg::Shape{3, 0}));
  EXPECT_EQ(npg::random::default_generator().offset(), 0u);
}

/// Each case draws in its own way; compiled calls must give what eager
/// calls give, from the same seed, call after call.
TEST(Random, CompiledDrawsEqualEagerOnesCallAfterCall) {
  using Draw = std::function<Array(const Array &)>;
  const std::vector<std::pair<const char *, Draw>> cases = {
      {"rand float32",
       [](const Array &x) {
         return x + npg::random::rand({2, 3}, npg::float32);
       }},
      {"uniform then randn",
       [](const Array &x) {
         const Array u = npg::random::uniform(-2, 5, {2, 3}, npg::float32);
         const Array n = npg::random::randn({4});
         return x * u + n.sum();
       }},
      {"normal float32, 0-d and size-1 draws",
       [](const Array &x) {
         const Array a = npg::random::normal(1, 3, {}, npg::float32);
         const Array b = npg::random::rand({1, 1}, npg::float32);
         return x - a * b;
       }},
      {"dropout",
       [](const Array &x) {
         npg::nn::Dropout drop(0.4);
         const Array a = drop(x);
         return a + drop(x * 2.0);
       }},
  };
  const Array x = npg::random::randn({2, 3}).astype(npg::float32);
  for (const auto &[name, draw] : cases) {
    SCOPED_TRACE(name);
    auto compiled = npg::compile(draw);
    npg::random::manual_seed(5);
    std::vector<Array> got;
    for (int i = 0; i < 4; ++i)
      got.push_back(compiled(x));
    const std::uint64_t offset = npg::random::default_generator().offset();
    npg::random::manual_seed(5);
    for (int i = 0; i < 4; ++i)
      EXPECT_TRUE(ArraysClose(got[i], draw(x), 1e-6, 1e-6)) << "call " << i;
    EXPECT_EQ(npg::random::default_generator().offset(), offset);
    EXPECT_EQ(compiled.stats().compiles, 1);
    // Every call drew fresh numbers.
    EXPECT_FALSE(npg::array_equal(got[1], got[2]));
  }
}

TEST(Random, CompiledDropoutTrainsAsEagerDropout) {
  // The mask is drawn once in the forward and reused by the gradient.
  npg::nn::Dropout drop(0.5);
  const auto loss = [&](const Array &w) { return (drop(w) * w).sum(); };
  auto compiled = npg::compile(loss);
  Array w = npg::random::randn({64}, true);
  for (int i = 0; i < 3; ++i) {
    npg::random::manual_seed(20 + i);
    w.zero_grad();
    compiled(w).backward();
    const Array gc = *w.grad();
    npg::random::manual_seed(20 + i);
    w.zero_grad();
    loss(w).backward();
    EXPECT_TRUE(ArraysClose(gc, *w.grad(), 1e-12, 1e-12)) << "call " << i;
    // Half the elements dropped, the rest doubled: d/dw (2 w^2) = 4 w.
    const Array kept = *w.grad() != 0.0;
    EXPECT_TRUE(ArraysClose(npg::where(kept, *w.grad(), 0.0),
                            npg::where(kept, w.detach() * 4.0, 0.0), 1e-12,
                            1e-12));
  }
  drop.eval();
  EXPECT_TRUE(ArraysClose(compiled(w), (w * w).sum(), 1e-12, 1e-12));
}

TEST(Random, ReseedingInsideATraceIsRefused) {
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::trace(
            [](const Array &x) {
              npg::random::manual_seed(1);
              return x * npg::random::rand({3});
            },
            npg::zeros({3}));
      },
      "random::manual_seed() at "));
}

TEST(Random, MultinomialDrawsInProportionToTheWeights) {
  npg::random::manual_seed(0);
  const Array w = npg::array({1.0, 0.0, 3.0});
  const Array s = npg::random::multinomial(w, 4000, true);
  EXPECT_EQ(s.dtype(), npg::int64);
  EXPECT_EQ(s.shape(), (npg::Shape{4000}));
  EXPECT_EQ((s == 1).sum().item<std::int64_t>(), 0); // weight 0: never
  EXPECT_NEAR((s == 2).astype(npg::float64).mean().item<double>(), 0.75, 0.03);
  // Rows draw independently; without replacement each category once.
  const Array rows = npg::array({{0.0, 5.0, 0.0}, {1.0, 1.0, 1.0}});
  const Array r = npg::random::multinomial(rows, 1);
  EXPECT_EQ(r.shape(), (npg::Shape{2, 1}));
  EXPECT_EQ(r.to_vector<std::int64_t>()[0], 1);
  const Array perm = npg::random::multinomial(rows.astype(npg::float32)[1], 3);
  EXPECT_TRUE(npg::array_equal(npg::sort(perm), npg::arange(3)));
  // Reproducible from the seed.
  npg::random::manual_seed(9);
  const Array a = npg::random::multinomial(w, 10, true);
  npg::random::manual_seed(9);
  EXPECT_TRUE(npg::array_equal(a, npg::random::multinomial(w, 10, true)));
}

TEST(Random, MultinomialRejectsWhatIsNotADistribution) {
  const auto draws = [](Array w, std::int64_t n, bool replacement) {
    return [w, n, replacement] { npg::random::multinomial(w, n, replacement); };
  };
  const double inf = INFINITY, nan = NAN;
  EXPECT_TRUE(ThrowsWith(draws(npg::array({1.0, -1.0}), 1, true),
                         "finite and non-negative, got -1 at category 1"));
  EXPECT_TRUE(ThrowsWith(draws(npg::array({1.0, nan}), 1, true),
                         "got nan at category 1"));
  EXPECT_TRUE(ThrowsWith(draws(npg::array({{1.0, 1.0}, {inf, 0.0}}), 1, true),
                         "got inf at category 0 of row 1"));
  EXPECT_TRUE(ThrowsWith(draws(npg::array({0.0, 0.0}), 1, true),
                         "the weights sum to zero"));
  EXPECT_TRUE(ThrowsWith(draws(npg::array({1.0, 0.0, 2.0}), 3, false),
                         "3 samples without replacement from 2 categories"));
  EXPECT_TRUE(ThrowsWith(draws(npg::array({1.0, 2.0}), 3, false),
                         "cannot draw 3 samples from 2 categories"));
  EXPECT_TRUE(ThrowsWith(draws(npg::array({1.0}), 0, true),
                         "num_samples must be positive, got 0"));
  EXPECT_TRUE(ThrowsWith(draws(npg::array({1, 2}), 1, true), "not int64"));
  EXPECT_TRUE(ThrowsWith(draws(npg::zeros({2, 2, 2}), 1, true),
                         "1-D or 2-D, got shape (2,2,2)"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        npg::trace(
            [](const Array &x) {
              return npg::random::multinomial(x, 1).astype(npg::float64);
            },
            npg::ones({3}));
      },
      "random::multinomial() at "));
}

} // namespace
