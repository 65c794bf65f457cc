// npg::compile's cache: bounded per function, least recently used evicted,
// sized by set_cache_size or $NPG_COMPILE_CACHE_SIZE; evicted code freed.
#include "Expect.h"
#include "ScopedEnv.h"

#include "npg/compiler/Jit.h"

#include <cstdlib>

using npg::Array;
using npg::testing::ArraysClose;
using npg::testing::ScopedEnv;
using npg::testing::ThrowsWith;

namespace {

auto make_square_sum() {
  return npg::compile([](const Array &x) { return (x * x).sum(); }, "sq");
}

double call(const auto &f, std::int64_t n) {
  return f(npg::arange(n).astype(npg::float64)).template item<double>();
}

} // namespace

TEST(CompileCache, DefaultsTo64Signatures) {
  auto f = make_square_sum();
  EXPECT_EQ(f.stats().capacity, 64);
  EXPECT_EQ(f.stats().cached, 0);
}

TEST(CompileCache, EvictsTheLeastRecentlyUsedSignature) {
  auto f = make_square_sum();
  f.set_cache_size(2);
  EXPECT_EQ(call(f, 2), 1.0);  // compiles A
  EXPECT_EQ(call(f, 3), 5.0);  // compiles B
  EXPECT_EQ(call(f, 2), 1.0);  // hits A: B is now the least recently used
  EXPECT_EQ(call(f, 4), 14.0); // compiles C, evicts B
  npg::CompileStats s = f.stats();
  EXPECT_EQ(s.compiles, 3);
  EXPECT_EQ(s.cache_hits, 1);
  EXPECT_EQ(s.evictions, 1);
  EXPECT_EQ(s.cached, 2);
  EXPECT_EQ(call(f, 2), 1.0); // A is still cached
  EXPECT_EQ(f.stats().cache_hits, 2);
  EXPECT_EQ(call(f, 3), 5.0); // B compiles again and evicts C
  s = f.stats();
  EXPECT_EQ(s.compiles, 4);
  EXPECT_EQ(s.evictions, 2);
  EXPECT_EQ(s.cached, 2);
}

TEST(CompileCache, ShrinkingEvictsAtOnceAndManySignaturesStayBounded) {
  auto f = make_square_sum();
  for (std::int64_t n = 1; n <= 5; ++n)
    call(f, n);
  EXPECT_EQ(f.stats().cached, 5);
  f.set_cache_size(3);
  EXPECT_EQ(f.stats().cached, 3);
  EXPECT_EQ(f.stats().evictions, 2);
  for (std::int64_t n = 6; n <= 12; ++n)
    EXPECT_EQ(call(f, n), static_cast<double>((n - 1) * n * (2 * n - 1) / 6));
  EXPECT_EQ(f.stats().cached, 3);
  EXPECT_EQ(f.stats().evictions, 9);
  EXPECT_EQ(f.stats().compiles, 12);
}

TEST(CompileCache, EvictedCodeIsFreedByTheNextCompile) {
  auto f = make_square_sum();
  f.set_cache_size(1);
  call(f, 2);
  call(f, 3); // evicts the code for (2,): it waits for the next compile
  EXPECT_GE(npg::jit::Engine::retired(), 1u);
  call(f, 4);
  EXPECT_EQ(npg::jit::Engine::retired(), 1u); // (3,)'s, evicted just now
}

TEST(CompileCache, BackwardOfAnEvictedSignatureStillRuns) {
  auto f = make_square_sum();
  f.set_cache_size(1);
  const Array x = npg::arange(3).astype(npg::float64).requires_grad_();
  const Array loss = f(x);
  call(f, 5); // evicts x's signature while loss's graph still needs it
  EXPECT_EQ(f.stats().evictions, 1);
  loss.backward();
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::arange(3).astype(npg::float64) * 2));
}

TEST(CompileCache, SizeFromTheEnvironment) {
  {
    ScopedEnv env("NPG_COMPILE_CACHE_SIZE", "3");
    auto f = make_square_sum();
    EXPECT_EQ(f.stats().capacity, 3);
    for (std::int64_t n = 1; n <= 4; ++n)
      call(f, n);
    EXPECT_EQ(f.stats().evictions, 1);
  }
  auto g = make_square_sum(); // read when a function is made
  EXPECT_EQ(g.stats().capacity, 64);
}

TEST(CompileCache, BadSizesThrow) {
  auto f = make_square_sum();
  EXPECT_TRUE(ThrowsWith([&] { f.set_cache_size(0); },
                         "the cache size must be at least 1, got 0"));
  for (const char *bad : {"0", "-2", "lots", "8x"}) {
    ScopedEnv env("NPG_COMPILE_CACHE_SIZE", bad);
    EXPECT_TRUE(ThrowsWith([] { make_square_sum(); },
                           std::string("NPG_COMPILE_CACHE_SIZE: expected a "
                                       "positive integer, got '") +
                               bad + "'"));
  }
}
