// npg_difftest: the random-graph differential tester's command line.
//   npg_difftest --seed S --programs N        N programs from seed S
//   npg_difftest --seed S --seconds T         as many as fit in T seconds
//   npg_difftest --replay FILE...             re-check saved programs
//   npg_difftest --shrink --replay FILE...    ... and shrink failing ones
// Failures are shrunk and written to --repro-dir (default ./difftest-repros).
#include "DiffTest.h"

#ifdef NPG_DIFFTEST_TORCH
#include "TorchProgram.h"
#endif

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace {

using namespace difftest;

std::uint64_t mix(std::uint64_t x) { // splitmix64
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

int usage() {
  std::cerr
      << "usage: npg_difftest [--seed S] [--programs N | --seconds T]\n"
         "                    [--max-ops K] [--repro-dir DIR] "
         "[--no-compile] [--verbose]\n"
         "       npg_difftest [--shrink] [--repro-dir DIR] --replay FILE...\n";
  return 2;
}

Outcome guarded_check(const Program &p, const CheckOptions &options) {
  try {
    return check(p, options);
  } catch (const std::exception &e) {
    return {Outcome::Failed, "exception", e.what()};
  }
}

/// Shrinks failing `p` and writes it to `dir`; returns the file's name.
std::string write_reproducer(const Program &p, const Outcome &o,
                             const std::string &dir, const std::string &origin,
                             bool verbose) {
  std::cerr << "shrinking...\n";
  const Program small = shrink(p, o, verbose);
  const Outcome so = guarded_check(small, {});
  std::filesystem::create_directories(dir);
  std::string name = o.what;
  for (char &c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-')
      c = '_';
  std::uint64_t h = 0;
  for (char c : print(small))
    h = h * 131 + static_cast<unsigned char>(c);
  const std::string file =
      dir + "/" + name + "-" + std::to_string(h % 1000000007) + ".npg";
  std::ofstream out(file);
  out << "# npg_difftest reproducer: " << so.what << "\n# " << so.detail
      << "\n# " << origin << "\n"
      << print(small);
  std::cerr << "reproducer (" << small.nodes.size() << " nodes): " << file
            << '\n'
            << print(small);
  return file;
}

int replay(const std::vector<std::string> &files, const CheckOptions &options,
           bool shrink_failures, const std::string &repro_dir) {
  int bad = 0;
  for (const std::string &file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    Outcome o;
    Program p;
    try {
      if (in) {
        p = parse(text.str());
        o = guarded_check(p, options);
      } else {
        o = {Outcome::Failed, "unreadable", file};
      }
    } catch (const std::exception &e) {
      o = {Outcome::Failed, "parse", e.what()};
    }
    const bool shrinkable = o.kind == Outcome::Failed &&
                            o.what != "unreadable" && o.what != "parse";
    if (o.kind == Outcome::Invalid)
      o = {Outcome::Failed, "invalid", "outside the ops' domain: " + o.detail};
    std::cout << (o.kind == Outcome::Ok ? "ok    " : "FAIL  ") << file;
    if (o.kind != Outcome::Ok) {
      std::cout << "\n  " << o.what << ": " << o.detail;
      ++bad;
    }
    std::cout << '\n';
    if (shrink_failures && shrinkable)
      write_reproducer(p, o, repro_dir, "shrunk from " + file, false);
  }
  return bad ? 1 : 0;
}

} // namespace

int main(int argc, char **argv) {
  // Every program is compiled by the compiler under test, never loaded from
  // an earlier run's disk cache (which would also fill with random programs).
  setenv("NPG_CACHE_DIR", "", 1);
#ifdef NPG_DIFFTEST_TORCH
  set_oracle(check_against_torch);
#endif
  std::uint64_t seed = 1;
  std::int64_t programs = -1;
  double seconds = -1;
  std::string repro_dir = "difftest-repros";
  bool verbose = false, shrink_replays = false;
  GenOptions gen;
  CheckOptions options;
  std::vector<std::string> replays;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "--seed")
        seed = std::stoull(value());
      else if (a == "--programs")
        programs = std::stoll(value());
      else if (a == "--seconds")
        seconds = std::stod(value());
      else if (a == "--max-ops")
        gen.max_ops = std::stoi(value());
      else if (a == "--repro-dir")
        repro_dir = value();
      else if (a == "--no-compile")
        options.compiled = false;
      else if (a == "--shrink")
        shrink_replays = true;
      else if (a == "--verbose")
        verbose = true;
      else if (a == "--replay")
        while (i + 1 < argc)
          replays.push_back(argv[++i]);
      else
        return usage();
    } catch (const std::exception &e) {
      std::cerr << e.what() << '\n';
      return usage();
    }
  }
  if (!replays.empty())
    return replay(replays, options, shrink_replays, repro_dir);
  if (programs < 0 && seconds < 0)
    programs = 100;

  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  };
  std::int64_t run = 0, compiled = 0, invalid = 0, nodes = 0;
  std::map<std::string, int> failures, coverage;
  for (std::int64_t i = 0; programs < 0 || i < programs; ++i) {
    if (seconds >= 0 && elapsed() >= seconds)
      break;
    const std::uint64_t program_seed =
        mix(seed * 1000003u + static_cast<std::uint64_t>(i));
    gen.allow_untraceable = Rng(program_seed ^ 0x5a5a).chance(0.3);
    const Program p = generate(program_seed, gen);
    ++run;
    nodes += static_cast<std::int64_t>(p.nodes.size());
    for (const Node &n : p.nodes)
      ++coverage[n.op];
    if (options.compiled && traceable(p))
      ++compiled;
    if (verbose)
      std::cerr << "program " << i << " (seed " << program_seed << "):\n"
                << print(p);
    const Outcome o = guarded_check(p, options);
    if (o.kind == Outcome::Invalid) {
      // The generator keeps only valid nodes: this is a tester bug.
      ++invalid;
      std::cerr << "invalid program " << program_seed << ": " << o.detail
                << '\n'
                << print(p);
      continue;
    }
    if (o.kind == Outcome::Ok)
      continue;
    ++failures[o.what];
    std::cerr << "FAIL program " << i << " (seed " << program_seed
              << "): " << o.what << ": " << o.detail << '\n'
              << print(p);
    write_reproducer(p, o, repro_dir,
                     "from --seed " + std::to_string(seed) + ", program " +
                         std::to_string(i) + " (seed " +
                         std::to_string(program_seed) + ")",
                     verbose);
  }
  std::cout << "npg_difftest: seed " << seed << ", " << run << " programs ("
            << compiled << " also compiled), " << nodes << " nodes, "
            << elapsed() << " s; " << invalid << " invalid\n";
  int total = 0;
  for (const auto &[what, count] : failures) {
    std::cout << "  " << count << " x " << what << '\n';
    total += count;
  }
  if (verbose)
    for (const auto &[op, count] : coverage)
      std::cout << "  op " << op << ": " << count << '\n';
  std::cout << (total == 0 && invalid == 0 ? "all passed" : "FAILURES") << '\n';
  return total == 0 && invalid == 0 ? 0 : 1;
}
