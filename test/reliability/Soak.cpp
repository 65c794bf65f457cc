// Soak: trains a small MLP for many steps, eagerly and then compiled,
// sampling resident memory (/proc/self/statm) and the live array count every
// N steps, and prints them. With --check it fails unless, after warm-up,
// RSS grows by less than --max-growth-mib and the live array count does not
// change: memory flat over a long run.
//
//   build/test/reliability/npg_soak                 # 10,000 steps each
//   build/test/reliability/npg_soak --steps 2000 --every 100 --check
#include "MlpLoss.h"

#include <npg/npg.h>
#include <npg/runtime/Storage.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using npg::Array;
using npg::reliability::mlp_loss;

namespace {

// Under ASan or TSan, RSS climbs by hundreds of MiB on its own (the
// allocator's quarantine of freed blocks, shadow memory): only the live
// array count is checked there.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool check_rss = false;
#else
constexpr bool check_rss = true;
#endif

struct Options {
  int steps = 10000;
  int every = 500;
  int warmup = 0; // default: a tenth of the steps
  double max_growth_mib = 2.0;
  bool check = false;
};

double rss_mib() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return static_cast<double>(resident) * sysconf(_SC_PAGESIZE) / (1 << 20);
}

struct Sample {
  int step;
  double rss;
  std::int64_t live;
};

std::vector<Array> make_mlp() {
  npg::random::manual_seed(0);
  std::vector<Array> p;
  for (auto [in, out] : {std::pair{2, 32}, {32, 32}, {32, 1}}) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    p.push_back(npg::random::uniform(-bound, bound, {in, out}, true));
    p.push_back(npg::random::uniform(-bound, bound, {out}, true));
  }
  return p;
}

/// Runs `steps` steps of `step` (forward + backward + SGD), sampling.
template <class Step>
std::vector<Sample> soak(const Options &o, std::vector<Array> &params,
                         Step step) {
  std::vector<Sample> samples;
  for (int s = 1; s <= o.steps; ++s) {
    const Array loss = step();
    loss.backward();
    {
      npg::NoGradGuard no_grad;
      for (Array &w : params) {
        w -= *w.grad() * 0.05;
        w.zero_grad();
      }
    }
    if (s % o.every == 0)
      samples.push_back({s, rss_mib(), npg::Storage::live_count()});
  }
  return samples;
}

/// Prints the samples; returns whether memory stayed flat after warm-up.
bool report(const char *mode, const Options &o,
            const std::vector<Sample> &samples, double final_loss) {
  const int warmup = o.warmup ? o.warmup : o.steps / 10;
  const Sample *base = nullptr;
  double peak = 0;
  bool live_constant = true;
  std::printf("%s:\n  %6s %9s %11s\n", mode, "step", "RSS MiB", "live arrays");
  for (const Sample &s : samples) {
    std::printf("  %6d %9.2f %11lld\n", s.step, s.rss,
                static_cast<long long>(s.live));
    if (s.step < warmup)
      continue;
    if (!base)
      base = &s;
    peak = std::max(peak, s.rss);
    live_constant = live_constant && s.live == base->live;
  }
  if (!base) {
    std::printf("  no samples after warm-up (step %d)\n", warmup);
    return false;
  }
  const double growth = peak - base->rss;
  std::printf("  final loss %.6f; after warm-up (step %d): RSS %.2f -> peak "
              "%.2f MiB (+%.2f), live arrays %s\n",
              final_loss, base->step, base->rss, peak, growth,
              live_constant ? "constant" : "CHANGED");
  if (!check_rss)
    std::printf("  (built with a sanitizer: RSS growth not checked)\n");
  return live_constant && (!check_rss || growth < o.max_growth_mib);
}

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    auto value = [&] {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "npg_soak: %s needs a value\n", argv[i]);
        std::exit(2);
      }
      return argv[++i];
    };
    if (!std::strcmp(argv[i], "--steps"))
      o.steps = std::atoi(value());
    else if (!std::strcmp(argv[i], "--every"))
      o.every = std::atoi(value());
    else if (!std::strcmp(argv[i], "--warmup"))
      o.warmup = std::atoi(value());
    else if (!std::strcmp(argv[i], "--max-growth-mib"))
      o.max_growth_mib = std::atof(value());
    else if (!std::strcmp(argv[i], "--check"))
      o.check = true;
    else {
      std::fprintf(stderr,
                   "usage: npg_soak [--steps N] [--every N] [--warmup N] "
                   "[--max-growth-mib X] [--check]\n");
      std::exit(2);
    }
  }
  if (o.steps < 1 || o.every < 1) {
    std::fprintf(stderr, "npg_soak: --steps and --every must be positive\n");
    std::exit(2);
  }
  return o;
}

} // namespace

int main(int argc, char **argv) {
  const Options o = parse(argc, argv);
  npg::random::manual_seed(1);
  const Array x = npg::random::uniform(-1, 1, {256, 2});
  const Array y =
      (x.slice(1, 0, 1) * x.slice(1, 1, 2) + (x.slice(1, 0, 1) * 2).tanh());
  std::printf("npg_soak: %d steps of a 2-32-32-1 MLP, batch 256, sampled "
              "every %d\n",
              o.steps, o.every);

  std::vector<Array> eager = make_mlp();
  const std::vector<Sample> e =
      soak(o, eager, [&] { return mlp_loss(eager, x, y); });
  const bool eager_flat =
      report("eager", o, e, mlp_loss(eager, x, y).item<double>());

  std::vector<Array> compiled = make_mlp();
  auto step = npg::compile(
      [&](const Array &a, const Array &b) { return mlp_loss(compiled, a, b); });
  const std::vector<Sample> c = soak(o, compiled, [&] { return step(x, y); });
  const bool compiled_flat =
      report("compiled", o, c, mlp_loss(compiled, x, y).item<double>());
  const npg::CompileStats s = step.stats();
  std::printf("compiled: %lld compile, %lld cache hits\n",
              static_cast<long long>(s.compiles),
              static_cast<long long>(s.cache_hits));

  if (o.check && !(eager_flat && compiled_flat)) {
    std::printf("npg_soak: FAILED: memory grew after warm-up (limit +%.2f "
                "MiB, live arrays constant)\n",
                o.max_growth_mib);
    return 1;
  }
  return 0;
}
