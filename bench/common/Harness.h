#pragma once
// What every benchmark program shares: thread settings, per-process setup
// that runs once (however often Google Benchmark re-enters a benchmark
// function), numerical checks, and the counters each run reports (peak RSS,
// page faults per iteration).
//
// Every (workload, column) runs in its own process (bench/run_bench.py
// launches them with --benchmark_filter), so the statics below hold exactly
// one benchmark's state and the RSS figures are that column's alone.
#include <benchmark/benchmark.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

extern "C" void openblas_set_num_threads(int);

namespace bench {

/// Threads every column may use: NPG_BENCH_THREADS (the runner sets it, and
/// OMP_NUM_THREADS / OPENBLAS_NUM_THREADS to the same), 1 by default.
inline int threads() {
  const char *s = std::getenv("NPG_BENCH_THREADS");
  const int n = s && *s ? std::atoi(s) : 1;
  return n > 0 ? n : 1;
}

/// A field of /proc/self/status in MiB (VmRSS, VmHWM).
inline double proc_status_mib(const char *field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::size_t len = std::strlen(field);
  while (std::getline(in, line))
    if (line.compare(0, len, field) == 0 && line.size() > len &&
        line[len] == ':')
      return std::atof(line.c_str() + len + 1) / 1024.0;
  return 0;
}

inline long minor_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

/// Resets VmHWM (the peak RSS) to the current RSS, so that a benchmark's
/// peak excludes its setup's transient memory (references, checks).
inline void reset_peak_rss() {
  if (std::FILE *f = std::fopen("/proc/self/clear_refs", "w")) {
    std::fputs("5", f);
    std::fclose(f);
  }
}

/// RSS when main() started: the libraries' share of the peak.
inline double &base_rss_mib() {
  static double v = 0;
  return v;
}

/// Thrown by a fixture whose result does not match the reference: the row
/// is aborted with this message instead of timing the wrong computation.
struct CheckFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Compares `got` with `want` elementwise: |got - want| <= atol + rtol*|want|.
/// Throws CheckFailed naming `what` and the worst element.
inline void check_close(const std::string &what, const std::vector<double> &got,
                        const std::vector<double> &want, double rtol,
                        double atol) {
  if (got.size() != want.size())
    throw CheckFailed(what + ": " + std::to_string(got.size()) +
                      " values, expected " + std::to_string(want.size()));
  std::size_t worst = 0;
  double worst_excess = -1;
  bool bad = false;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double tol = atol + rtol * std::abs(want[i]);
    const double err = std::abs(got[i] - want[i]);
    const double excess = std::isnan(err) ? 1e300 : err - tol;
    if (excess > worst_excess) {
      worst_excess = excess;
      worst = i;
    }
    bad = bad || !(err <= tol);
  }
  if (bad) {
    std::ostringstream os;
    os.precision(9);
    os << what << " differs from the reference at element " << worst << " of "
       << got.size() << ": got " << got[worst] << ", want " << want[worst]
       << " (rtol " << rtol << ", atol " << atol << ")";
    throw CheckFailed(os.str());
  }
}

inline void check_close(const std::string &what, double got, double want,
                        double rtol, double atol = 0) {
  check_close(what, std::vector<double>{got}, std::vector<double>{want}, rtol,
              atol);
}

/// Several arrays of numbers, as they cross a process boundary.
using Values = std::vector<std::vector<double>>;

/// Runs `f` in a forked child process and returns its result. The columns
/// other than npg eager compute npg's eager result (their reference) this
/// way: npg's allocator keeps freed large blocks for reuse, and blocks left
/// over from the reference would otherwise count in the column's RSS.
/// CheckFailed and other exceptions thrown by `f` are rethrown here.
inline Values in_child(const std::function<Values()> &f) {
  int fds[2];
  if (pipe(fds) != 0)
    throw std::runtime_error("in_child: pipe() failed");
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0)
    throw std::runtime_error("in_child: fork() failed");
  if (pid == 0) {
    close(fds[0]);
    std::string out;
    auto put = [&out](const void *p, std::size_t n) {
      out.append(static_cast<const char *>(p), n);
    };
    char status = 0;
    std::string message;
    Values values;
    try {
      values = f();
    } catch (const CheckFailed &e) {
      status = 1;
      message = e.what();
    } catch (const std::exception &e) {
      status = 2;
      message = e.what();
    }
    put(&status, 1);
    if (status) {
      const std::uint64_t n = message.size();
      put(&n, sizeof n);
      put(message.data(), n);
    } else {
      const std::uint64_t n = values.size();
      put(&n, sizeof n);
      for (const std::vector<double> &v : values) {
        const std::uint64_t m = v.size();
        put(&m, sizeof m);
        put(v.data(), m * sizeof(double));
      }
    }
    std::size_t done = 0;
    while (done < out.size()) {
      const ssize_t w = write(fds[1], out.data() + done, out.size() - done);
      if (w <= 0)
        _exit(3);
      done += static_cast<std::size_t>(w);
    }
    _exit(0); // no static destructors: they belong to the parent
  }
  close(fds[1]);
  std::string in;
  std::vector<char> buffer(1 << 16);
  ssize_t r;
  while ((r = read(fds[0], buffer.data(), buffer.size())) > 0)
    in.append(buffer.data(), static_cast<std::size_t>(r));
  close(fds[0]);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  if (in.empty())
    throw std::runtime_error(
        "the process computing npg's reference result died (wait status " +
        std::to_string(wstatus) + ")");
  std::size_t at = 1;
  auto take = [&](void *p, std::size_t n) {
    if (at + n > in.size())
      throw std::runtime_error("in_child: truncated result");
    std::memcpy(p, in.data() + at, n);
    at += n;
  };
  std::uint64_t n = 0;
  take(&n, sizeof n);
  if (in[0] != 0) {
    std::string message(n, '\0');
    take(message.data(), n);
    if (in[0] == 1)
      throw CheckFailed(message);
    throw std::runtime_error(message);
  }
  Values values(n);
  for (std::vector<double> &v : values) {
    std::uint64_t m = 0;
    take(&m, sizeof m);
    v.resize(m);
    take(v.data(), m * sizeof(double));
  }
  return values;
}

/// A benchmark's fixture, built once per process. Building runs the
/// workload once and checks it; an exception becomes the row's error.
template <class T> struct Once {
  std::unique_ptr<T> value;
  std::string error;

  template <class Make> explicit Once(Make make) {
    try {
      value = make();
    } catch (const CheckFailed &e) {
      error = std::string("check failed: ") + e.what();
    } catch (const std::exception &e) {
      error = e.what();
    }
  }
  /// Whether the fixture is usable; otherwise reports the error and the
  /// benchmark must return before its loop.
  bool ok(benchmark::State &state) const {
    if (value)
      return true;
    state.SkipWithError(error.c_str());
    return false;
  }
};

/// The fixture of the benchmark `key`, built on first use. Keyed, so that
/// a program running several benchmarks (no --benchmark_filter) keeps each
/// one's state apart. Never destroyed: a compiled function destroyed during
/// static destruction at exit crashes inside LLVM (~ExecutionEngine
/// materialises code after LLVM's own function-local statics are gone),
/// which would turn a finished benchmark into a failed process.
template <class T, class Make> Once<T> &once(const std::string &key, Make make) {
  static auto *fixtures = new std::map<std::string, std::unique_ptr<Once<T>>>;
  auto it = fixtures->find(key);
  if (it == fixtures->end())
    it = fixtures->emplace(key, std::make_unique<Once<T>>(make)).first;
  return *it->second;
}

/// Brackets a timed loop: records page faults per iteration and the peak
/// RSS while the loop ran (inputs, outputs, temporaries, libraries).
class Meter {
public:
  explicit Meter(benchmark::State &state)
      : state_(state), faults_(minor_faults()) {
    reset_peak_rss();
  }
  ~Meter() {
    const double iters =
        static_cast<double>(std::max<benchmark::IterationCount>(
            state_.iterations(), 1));
    state_.counters["faults_per_iter"] =
        static_cast<double>(minor_faults() - faults_) / iters;
    state_.counters["rss_peak_mib"] = proc_status_mib("VmHWM");
    state_.counters["rss_base_mib"] = base_rss_mib();
  }
  Meter(const Meter &) = delete;
  Meter &operator=(const Meter &) = delete;

private:
  benchmark::State &state_;
  long faults_;
};

/// Registers a timed benchmark: wall-clock time, in milliseconds.
inline benchmark::internal::Benchmark *
add(const std::string &name, std::function<void(benchmark::State &)> fn) {
  return benchmark::RegisterBenchmark(
             name.c_str(),
             [fn = std::move(fn)](benchmark::State &s) { fn(s); })
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

/// Registers a benchmark that reports its own time (SetIterationTime).
inline benchmark::internal::Benchmark *
add_manual(const std::string &name,
           std::function<void(benchmark::State &)> fn) {
  return benchmark::RegisterBenchmark(
             name.c_str(),
             [fn = std::move(fn)](benchmark::State &s) { fn(s); })
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
}

/// main() of every benchmark program: threads, then Google Benchmark.
/// `set_threads` applies the thread count to the program's own libraries.
inline int run_main(int argc, char **argv,
                    const std::function<void(int)> &set_threads,
                    const std::function<void()> &register_all) {
  base_rss_mib() = proc_status_mib("VmRSS");
  const int n = threads();
  openblas_set_num_threads(n);
  if (set_threads)
    set_threads(n);
  register_all();
  benchmark::AddCustomContext("npg_bench_threads", std::to_string(n));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

} // namespace bench
