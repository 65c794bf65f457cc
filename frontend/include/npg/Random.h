#pragma once
// Seeded random arrays from one process-wide generator (torch::manual_seed).
// The functions below lock it, so threads may draw concurrently. rand,
// randn, uniform, normal (and so nn::Dropout) also draw inside compiled
// code: each call then takes fresh numbers from the generator, the same
// ones eager code would take.
#include "npg/Array.h"

#include <cstdint>

namespace npg::random {

/// A counter-based random generator: Philox4x32-10 (PyTorch's and JAX's)
/// keyed by the seed, whose state is only (seed, offset). Every number drawn
/// takes the next counter, and an array draw takes one counter per element,
/// so a draw is reproducible from (seed, offset) alone: compiled code that
/// draws at the same offset gets the same numbers as eager code. Not itself
/// thread-safe; the free functions below use the default one under a lock.
class Generator {
public:
  explicit Generator(std::uint64_t seed = 0) : seed_(seed) {}
  /// Restarts the sequence of `seed`.
  void manual_seed(std::uint64_t seed) {
    seed_ = seed;
    offset_ = 0;
  }
  std::uint64_t seed() const { return seed_; }
  /// How many counters were drawn since the last manual_seed.
  std::uint64_t offset() const { return offset_; }
  /// Takes the next `n` counters (an array draw): returns the first.
  std::uint64_t advance(std::uint64_t n) {
    const std::uint64_t first = offset_;
    offset_ += n;
    return first;
  }
  /// Uniform in [0, 1) with 53 random bits: the element rand() would draw.
  double uniform01();
  /// Standard normal: Box-Muller on two uniforms, as randn() draws.
  double normal01();
  /// Uniform integer in [low, high) (rejection sampling: no modulo bias).
  std::int64_t integer(std::int64_t low, std::int64_t high);

private:
  std::uint64_t seed_;
  std::uint64_t offset_ = 0;
};

/// The generator the functions below draw from (one per process).
Generator &default_generator();
/// Restarts the default generator's sequence; eager and compiled draws after
/// it are the same. Not inside a traced function (call it before).
void manual_seed(std::uint64_t seed, Loc loc = Loc::current());

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
/// torch.multinomial: `num_samples` category indices (int64) drawn from
/// each row of `weights` (1-D, or 2-D: one draw per row), each category with
/// probability proportional to its weight (finite, non-negative, not all
/// zero); without `replacement` a category is drawn at most once.
Array multinomial(const Array &weights, std::int64_t num_samples,
                  bool replacement = false, Loc loc = Loc::current());

} // namespace npg::random
