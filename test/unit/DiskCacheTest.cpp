// The disk cache of compiled code (npg/compiler/DiskCache.h): a second
// compile of the same function loads the first one's machine code, which
// computes the same bits; damaged, foreign and unwritable caches are
// reported and bypassed; the folder stays within its bound. Across
// processes: test/reliability/disk_cache_processes.sh.
#include "Expect.h"
#include "ScopedEnv.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using npg::Array;
using npg::testing::ScopedEnv;
using npg::testing::ThrowsWith;
namespace fs = std::filesystem;

namespace {

/// A fresh, empty folder, removed afterwards.
class TempDir {
public:
  TempDir() {
    static int serial = 0;
    path_ = fs::temp_directory_path() /
            ("npg-disk-cache-test-" + std::to_string(getpid()) + "-" +
             std::to_string(serial++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path &path() const { return path_; }

private:
  fs::path path_;
};

std::vector<fs::path> entries(const fs::path &dir) {
  std::vector<fs::path> out;
  if (fs::exists(dir))
    for (const auto &e : fs::directory_iterator(dir))
      if (e.path().extension() == ".npgc")
        out.push_back(e.path());
  return out;
}

/// A loss with a gradient: compiles <loss>_value_and_grad.
Array loss(const Array &x, const Array &w) {
  return (npg::tanh(npg::matmul(x, w)) * 0.5 + npg::exp(-w).sum()).sum();
}

/// Non-scalar results with a gradient: compiles a forward and a backward,
/// with residuals (the forward's argument x is one).
std::vector<Array> layer(const Array &x, const Array &w) {
  return {npg::sigmoid(npg::matmul(x, w)), (x * w.sum()).sum()};
}

// Deterministic without the global random generator: threads call these.
Array input() {
  return npg::sin(npg::arange(12).astype(npg::float64) * 1.3).reshape({3, 4});
}

Array weight() {
  return (npg::cos(npg::arange(8).astype(npg::float64) * 0.7).reshape({4, 2}))
      .requires_grad_();
}

/// What the compiled code computes on its second call (the first call
/// traces and returns eager results): the loss and w's gradient.
struct LossRun {
  Array value, grad;
  npg::CompileStats stats;
};

LossRun run_loss() {
  auto f = npg::compile(loss, "disk_cache_loss");
  const Array x = input();
  Array w = weight();
  f(x, w);
  Array value = f(x, w);
  value.backward();
  return {value, *w.grad(), f.stats()};
}

bool bitwise_equal(const Array &a, const Array &b) {
  return npg::array_equal(a, b); // no NaNs here
}

} // namespace

TEST(DiskCache, ASecondCompileLoadsTheSameMachineCode) {
  TempDir dir;
  ScopedEnv env("NPG_CACHE_DIR", dir.path().string());
  const LossRun first = run_loss();
  EXPECT_EQ(first.stats.compiles, 1);
  EXPECT_EQ(first.stats.disk_hits, 0);
  ASSERT_EQ(entries(dir.path()).size(), 1u);
  const LossRun second = run_loss(); // a new compiled function: empty memory
  EXPECT_EQ(second.stats.compiles, 1);
  EXPECT_EQ(second.stats.disk_hits, 1);
  EXPECT_EQ(entries(dir.path()).size(), 1u);
  EXPECT_TRUE(bitwise_equal(second.value, first.value));
  EXPECT_TRUE(bitwise_equal(second.grad, first.grad));
  // And both agree with eager.
  Array w = weight();
  Array eager = loss(input(), w);
  eager.backward();
  EXPECT_TRUE(npg::testing::ArraysClose(second.value, eager, 1e-12, 1e-12));
  EXPECT_TRUE(npg::testing::ArraysClose(second.grad, *w.grad(), 1e-12, 1e-12));
}

TEST(DiskCache, AForwardAndBackwardPairRoundTrips) {
  TempDir dir;
  ScopedEnv env("NPG_CACHE_DIR", dir.path().string());
  auto run = [] {
    auto f = npg::compile(layer, "disk_cache_layer");
    const Array x = input();
    Array w = weight();
    f(x, w);
    std::vector<Array> out = f(x, w);
    (out[0].sum() * 3.0 + out[1]).backward();
    return std::tuple{out[0], out[1], *w.grad(), f.stats()};
  };
  const auto [y1, s1, g1, stats1] = run();
  const auto [y2, s2, g2, stats2] = run();
  EXPECT_EQ(stats1.disk_hits, 0);
  EXPECT_EQ(stats2.disk_hits, 1);
  EXPECT_TRUE(bitwise_equal(y2, y1));
  EXPECT_TRUE(bitwise_equal(s2, s1));
  EXPECT_TRUE(bitwise_equal(g2, g1));
  Array w = weight();
  std::vector<Array> eager = layer(input(), w);
  (eager[0].sum() * 3.0 + eager[1]).backward();
  EXPECT_TRUE(npg::testing::ArraysClose(g2, *w.grad()));
}

TEST(DiskCache, ShapesGradientsAndFunctionsHaveEntriesOfTheirOwn) {
  TempDir dir;
  ScopedEnv env("NPG_CACHE_DIR", dir.path().string());
  auto square = [](const Array &x) { return (x * x).sum(); };
  auto cube = [](const Array &x) { return (x * x * x).sum(); };
  auto a = npg::compile(square, "f");
  a(npg::arange(3).astype(npg::float64));
  a(npg::arange(4).astype(npg::float64)); // a new shape
  a(npg::array({1.0, 2.0, 3.0}, true));   // with a gradient
  auto b = npg::compile(cube, "f");       // same name, other body
  const Array x = npg::arange(3).astype(npg::float64);
  b(x);
  EXPECT_EQ(b(x).item<double>(), 9.0);
  EXPECT_EQ(b.stats().disk_hits, 0);
  EXPECT_EQ(entries(dir.path()).size(), 4u);
}

TEST(DiskCache, DamagedEntriesAreIgnoredWithALogLineAndReplaced) {
  TempDir dir;
  ScopedEnv env("NPG_CACHE_DIR", dir.path().string());
  const LossRun good = run_loss();
  const fs::path entry = entries(dir.path()).at(0);
  const auto size = fs::file_size(entry);
  // Cut short; one byte of the object code flipped; one byte of the head.
  const std::vector<std::function<void()>> damage = {
      [&] { fs::resize_file(entry, size / 2); },
      [&] {
        std::fstream f(entry, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size) - 100);
        f.put('\x5a');
      },
      [&] {
        std::fstream f(entry, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(20);
        f.put('\x00');
      },
      [&] { std::ofstream(entry, std::ios::trunc); }};
  for (const auto &spoil : damage) {
    spoil();
    ::testing::internal::CaptureStderr();
    const LossRun again = run_loss();
    const std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(log.find("ignoring compile cache entry " + entry.string()),
              std::string::npos)
        << log;
    EXPECT_EQ(again.stats.disk_hits, 0);
    EXPECT_TRUE(bitwise_equal(again.value, good.value));
    EXPECT_TRUE(bitwise_equal(again.grad, good.grad));
    EXPECT_EQ(fs::file_size(entry), size); // rewritten whole
    EXPECT_EQ(run_loss().stats.disk_hits, 1);
  }
}

TEST(DiskCache, AnEntryMadeForAnotherKeyIsNeverLoaded) {
  TempDir dir;
  ScopedEnv env("NPG_CACHE_DIR", dir.path().string());
  auto square = [](const Array &x) { return (x * x).sum(); };
  auto cube = [](const Array &x) { return (x * x * x).sum(); };
  const Array x = npg::array({1.0, 2.0, 3.0});
  npg::compile(square, "g")(x);
  const fs::path square_entry = entries(dir.path()).at(0);
  npg::compile(cube, "g")(x);
  const fs::path cube_entry = entries(dir.path()).at(0) == square_entry
                                  ? entries(dir.path()).at(1)
                                  : entries(dir.path()).at(0);
  fs::copy_file(square_entry, cube_entry,
                fs::copy_options::overwrite_existing); // a valid, foreign entry
  auto cube_again = npg::compile(cube, "g");
  ::testing::internal::CaptureStderr();
  cube_again(x);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("not an entry for this key"), std::string::npos) << log;
  EXPECT_EQ(cube_again(x).item<double>(), 36.0); // not the square's 14
  EXPECT_EQ(cube_again.stats().disk_hits, 0);
}

TEST(DiskCache, AnEmptyCacheDirTurnsItOff) {
  TempDir dir;
  ScopedEnv home("HOME", dir.path().string());
  ScopedEnv xdg("XDG_CACHE_HOME", dir.path().string());
  ScopedEnv env("NPG_CACHE_DIR", "");
  EXPECT_EQ(run_loss().stats.disk_hits, 0);
  EXPECT_EQ(run_loss().stats.disk_hits, 0);
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(DiskCache, DefaultsToTheXdgCacheFolderThenHome) {
  TempDir dir;
  ScopedEnv env("NPG_CACHE_DIR", std::nullopt);
  {
    ScopedEnv xdg("XDG_CACHE_HOME", (dir.path() / "xdg").string());
    run_loss();
    EXPECT_EQ(entries(dir.path() / "xdg" / "npg").size(), 1u);
  }
  ScopedEnv xdg("XDG_CACHE_HOME", std::nullopt);
  ScopedEnv home("HOME", (dir.path() / "home").string());
  run_loss();
  EXPECT_EQ(entries(dir.path() / "home" / ".cache" / "npg").size(), 1u);
}

TEST(DiskCache, AnUnwritableCacheIsReportedAndCompilingGoesOn) {
  TempDir dir;
  const fs::path file = dir.path() / "a-file";
  std::ofstream(file) << "not a folder";
  ScopedEnv env("NPG_CACHE_DIR", (file / "npg").string());
  ::testing::internal::CaptureStderr();
  const LossRun run = run_loss();
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(run.stats.compiles, 1);
  Array w = weight();
  EXPECT_TRUE(npg::testing::ArraysClose(run.value, loss(input(), w)));
  // Reported once per process, so only if no earlier test hit it.
  EXPECT_TRUE(log.empty() ||
              log.find("cannot write compiled code to " +
                       (file / "npg").string()) != std::string::npos)
      << log;
}

TEST(DiskCache, StaysWithinItsBoundEvictingTheLeastRecentlyUsed) {
  TempDir dir;
  ScopedEnv env("NPG_CACHE_DIR", dir.path().string());
  ScopedEnv max("NPG_CACHE_MAX_MB", "1");
  const auto now = fs::file_time_type::clock::now();
  auto fake = [&](const std::string &name, std::size_t bytes,
                  std::chrono::hours age) {
    const fs::path p = dir.path() / name;
    std::ofstream(p, std::ios::binary) << std::string(bytes, 'x');
    fs::last_write_time(p, now - age);
    return p;
  };
  const fs::path oldest = fake("a.npgc", 700 << 10, std::chrono::hours(30));
  const fs::path older = fake("b.npgc", 300 << 10, std::chrono::hours(20));
  const fs::path newer = fake("c.npgc", 100 << 10, std::chrono::hours(10));
  const fs::path stale = fake("d.npgc.tmp-1-0", 10, std::chrono::hours(2));
  const fs::path writing = fake("e.npgc.tmp-1-1", 10, std::chrono::hours(0));
  const fs::path other = fake("notes.txt", 10, std::chrono::hours(40));
  run_loss(); // stores one entry: 1100 KB + it > 1 MB
  EXPECT_FALSE(fs::exists(oldest));
  EXPECT_TRUE(fs::exists(older)); // 300 + 100 KB + the entry fit in 0.9 MB
  EXPECT_TRUE(fs::exists(newer));
  EXPECT_FALSE(fs::exists(stale)); // a writer that died an hour ago
  EXPECT_TRUE(fs::exists(writing));
  EXPECT_TRUE(fs::exists(other)); // not the cache's
  EXPECT_EQ(entries(dir.path()).size(), 3u);
  EXPECT_EQ(run_loss().stats.disk_hits, 1);
}

TEST(DiskCache, AMalformedBoundIsAnError) {
  TempDir dir;
  ScopedEnv env("NPG_CACHE_DIR", dir.path().string());
  ScopedEnv max("NPG_CACHE_MAX_MB", "lots");
  EXPECT_TRUE(ThrowsWith([] { run_loss(); },
                         "NPG_CACHE_MAX_MB: expected a positive number of "
                         "megabytes, got 'lots'"));
}

TEST(DiskCache, ThreadsCompilingOneFunctionAtOnceLeaveOneGoodEntry) {
  TempDir dir;
  ScopedEnv env("NPG_CACHE_DIR", dir.path().string());
  std::vector<LossRun> runs(4);
  std::vector<std::thread> threads;
  for (LossRun &r : runs)
    threads.emplace_back([&r] { r = run_loss(); });
  for (std::thread &t : threads)
    t.join();
  for (const LossRun &r : runs)
    EXPECT_TRUE(bitwise_equal(r.value, runs[0].value));
  EXPECT_EQ(entries(dir.path()).size(), 1u);
  std::size_t others = 0; // no temporary files left behind
  for (const auto &e : fs::directory_iterator(dir.path()))
    others += e.path().extension() != ".npgc";
  EXPECT_EQ(others, 0u);
  EXPECT_EQ(run_loss().stats.disk_hits, 1);
}
