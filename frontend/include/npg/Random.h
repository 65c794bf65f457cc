#pragma once
// Seeded random arrays from one process-wide generator (torch::manual_seed).
// The functions below lock it, so threads may draw concurrently.
#include "npg/Array.h"

#include <cstdint>
#include <random>

namespace npg::random {

/// A random engine (not itself thread-safe); the free functions below use
/// the default one under a lock.
class Generator {
public:
  explicit Generator(std::uint64_t seed = 0) : engine_(seed) {}
  void manual_seed(std::uint64_t seed) {
    engine_.seed(seed);
    has_spare_ = false; // a normal drawn before reseeding must not leak out
  }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform01();
  /// Standard normal (Box-Muller, so equal across platforms).
  double normal01();
  /// Uniform integer in [low, high).
  std::int64_t integer(std::int64_t low, std::int64_t high);

private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0;
};

/// The generator the functions below draw from (one per process).
Generator &default_generator();
void manual_seed(std::uint64_t seed);

Array rand(Shape shape, Options options = {}, Loc loc = Loc::current());
Array randn(Shape shape, Options options = {}, Loc loc = Loc::current());
Array uniform(double low, double high, Shape shape, Options options = {},
              Loc loc = Loc::current());
Array normal(double mean, double stddev, Shape shape, Options options = {},
             Loc loc = Loc::current());
/// Integers in [low, high), int64 unless options say otherwise.
Array randint(std::int64_t low, std::int64_t high, Shape shape,
              Options options = {}, Loc loc = Loc::current());
/// A random permutation of 0..n-1 (int64).
Array randperm(std::int64_t n, Options options = {}, Loc loc = Loc::current());

} // namespace npg::random
