// A module large enough is split and its parts compiled on several threads
// ($NPG_COMPILE_THREADS): the parts link into code that computes the same
// bits as one part, agrees with eager, and round-trips through the disk
// cache.
#include "Expect.h"
#include "ScopedEnv.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

using npg::Array;
using npg::testing::ArraysClose;
using npg::testing::ScopedEnv;
using npg::testing::ThrowsWith;
namespace fs = std::filesystem;

namespace {

/// Six residual blocks with a layer norm and a softmax each, and their
/// gradient: a few hundred loop nests, outlined into functions of their own.
Array deep_loss(const Array &x, const Array &w) {
  Array h = x;
  for (int i = 0; i < 6; ++i) {
    Array z = npg::matmul(h, w) * (1.0 + 0.1 * i);
    Array centred = z - z.mean({-1}, true);
    Array normed =
        centred / npg::sqrt((centred * centred).mean({-1}, true) + 1e-5);
    Array e = npg::exp(normed - normed.max({-1}, true));
    h = h + npg::tanh(e / e.sum({-1}, true));
  }
  return (h * h).mean();
}

Array input() {
  return npg::sin(npg::arange(48).astype(npg::float64) * 0.9).reshape({6, 8});
}

Array weight() {
  return (npg::cos(npg::arange(64).astype(npg::float64) * 0.31) * 0.4)
      .reshape({8, 8})
      .requires_grad_();
}

struct LossRun {
  Array value, grad;
  std::string log;
  npg::CompileStats stats;
};

LossRun run(const char *threads) {
  ScopedEnv env("NPG_COMPILE_THREADS", threads);
  ScopedEnv log("NPG_LOG_COMPILES", "1");
  auto f = npg::compile(deep_loss, "deep_loss");
  Array w = weight();
  ::testing::internal::CaptureStderr();
  f(input(), w);
  const std::string text = ::testing::internal::GetCapturedStderr();
  Array value = f(input(), w);
  value.backward();
  return {value, *w.grad(), text, f.stats()};
}

} // namespace

TEST(ParallelCompile, PartsComputeWhatOnePartComputes) {
  const LossRun one = run("1");
  const LossRun two = run("2");
  EXPECT_NE(one.log.find(" 1 part)"), std::string::npos) << one.log;
  EXPECT_NE(two.log.find(" 2 parts in parallel)"), std::string::npos)
      << two.log;
  EXPECT_TRUE(npg::array_equal(two.value, one.value));
  EXPECT_TRUE(npg::array_equal(two.grad, one.grad));
  Array w = weight();
  Array eager = deep_loss(input(), w);
  eager.backward();
  EXPECT_TRUE(ArraysClose(two.value, eager, 1e-12, 1e-12));
  EXPECT_TRUE(ArraysClose(two.grad, *w.grad(), 1e-10, 1e-12));
}

TEST(ParallelCompile, PartsRoundTripThroughTheDiskCache) {
  const fs::path dir = fs::temp_directory_path() /
                       ("npg-parallel-compile-" + std::to_string(getpid()));
  fs::remove_all(dir);
  ScopedEnv cache("NPG_CACHE_DIR", dir.c_str());
  const LossRun compiled = run("2");
  const LossRun loaded = run("2");
  fs::remove_all(dir);
  EXPECT_EQ(compiled.stats.disk_hits, 0);
  EXPECT_EQ(loaded.stats.disk_hits, 1);
  EXPECT_TRUE(npg::array_equal(loaded.value, compiled.value));
  EXPECT_TRUE(npg::array_equal(loaded.grad, compiled.grad));
}

TEST(ParallelCompile, AMalformedThreadCountIsAnError) {
  EXPECT_TRUE(ThrowsWith(
      [] {
        ScopedEnv env("NPG_COMPILE_THREADS", "0");
        npg::compile(deep_loss, "deep_loss")(input(), weight());
      },
      "NPG_COMPILE_THREADS: expected a positive integer, "
      "got '0'"));
}
