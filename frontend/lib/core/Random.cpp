// Random arrays from Philox4x32-10 (npg/rules/Random.h). Distributions are
// written out (not std::*_distribution, whose output differs between
// standard libraries) so seeds reproduce; the floating ones are written with
// ops over npg.random_uniform's draws, so traces record them.
#include "Internal.h"
#include "compile/Tracing.h"

#include "npg/Random.h"
#include "npg/rules/Random.h"

#include <cmath>
#include <cstdint>
#include <mutex>
#include <numbers>
#include <numeric>
#include <string>
#include <vector>

namespace npg::random {

namespace philox = rules::philox;

double Generator::uniform01() {
  return philox::uniform_double(philox::block(seed_, offset_++));
}

double Generator::normal01() {
  const double u1 = uniform01(), u2 = uniform01();
  return std::sqrt(-2.0 * std::log1p(-u1)) *
         std::cos(2 * std::numbers::pi * u2);
}

std::int64_t Generator::integer(std::int64_t low, std::int64_t high) {
  // Unsigned: high - low overflows int64 for ranges wider than 2^63.
  const std::uint64_t range =
      static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  // Rejection sampling: no modulo bias. One counter per try, 64 bits each.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % range;
  std::uint64_t v;
  do {
    const philox::Block b = philox::block(seed_, offset_++);
    v = (std::uint64_t{b[1]} << 32) | b[0];
  } while (v >= limit);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + v % range);
}

Generator &default_generator() {
  static Generator generator(0);
  return generator;
}

namespace {
std::mutex generator_mutex;
} // namespace

void manual_seed(std::uint64_t seed, Loc loc) {
  tracing::refuse("random::manual_seed()",
                  "a compiled call draws where the generator stands when it "
                  "runs; seed before calling the compiled function",
                  loc);
  std::lock_guard lock(generator_mutex);
  default_generator().manual_seed(seed);
}

std::pair<std::uint64_t, std::uint64_t> reserve(std::uint64_t n) {
  std::lock_guard lock(generator_mutex);
  Generator &g = default_generator();
  return {g.seed(), g.advance(n)};
}

namespace {
template <class Draw>
Array fill_random(const Shape &shape, DType dtype, Draw draw) {
  Array a = detail::empty(shape, dtype);
  std::lock_guard lock(generator_mutex);
  visit(dtype, [&]<class T>(std::type_identity<T>) {
    T *p = static_cast<T *>(a.raw_data());
    for (std::int64_t i = 0; i < a.size(); ++i)
      p[i] = static_cast<T>(draw());
  });
  return a;
}

DType floating(const Options &o, const char *fn) {
  const DType d = o.dtype.value_or(float64);
  if (!is_floating(d))
    fail(fn, ": dtype must be float32 or float64, not ", d);
  return d;
}

Array finish(Array a, const Options &o) {
  if (o.requires_grad)
    a.requires_grad_(true);
  return a;
}

/// The next a.size() counters' uniforms (npg.random_uniform, in a trace).
Array draw_uniform(const Shape &shape, DType dtype, const Loc &loc) {
  const tracing::OpScope op(loc);
  Array a = detail::empty(shape, dtype);
  const auto [seed, first] = reserve(static_cast<std::uint64_t>(a.size()));
  const auto fill = [&](auto *p, auto uniform) {
    for (std::int64_t i = 0; i < a.size(); ++i)
      p[i] =
          uniform(philox::block(seed, first + static_cast<std::uint64_t>(i)));
  };
  if (dtype == float32)
    fill(static_cast<float *>(a.raw_data()), philox::uniform_float);
  else
    fill(static_cast<double *>(a.raw_data()), philox::uniform_double);
  if (tracing::Recorder *r = op.recorder())
    r->bind(a, r->random_uniform(tracing::type_of(a), seed, first, loc));
  return a;
}

/// Standard normals by Box-Muller on two uniform draws (1 - u1 is in
/// (0, 1], so the log is finite). Written with ops, so a trace records it.
Array draw_normal(const Shape &shape, DType dtype, const Loc &loc) {
  const Array u1 = draw_uniform(shape, dtype, loc);
  const Array u2 = draw_uniform(shape, dtype, loc);
  return sqrt(log1p(-u1) * -2.0) * cos(u2 * (2 * std::numbers::pi));
}
} // namespace

Array rand(Shape shape, Options o, Loc loc) {
  return finish(draw_uniform(shape, floating(o, "rand"), loc), o);
}

Array randn(Shape shape, Options o, Loc loc) {
  return finish(draw_normal(shape, floating(o, "randn"), loc), o);
}

Array uniform(double low, double high, Shape shape, Options o, Loc loc) {
  if (!(low <= high))
    fail("uniform: low must be <= high, got low=", low, " high=", high);
  return finish(
      draw_uniform(shape, floating(o, "uniform"), loc) * (high - low) + low, o);
}

Array normal(double mean, double stddev, Shape shape, Options o, Loc loc) {
  if (!(stddev >= 0))
    fail("normal: stddev must be non-negative, got ", stddev);
  return finish(draw_normal(shape, floating(o, "normal"), loc) * stddev + mean,
                o);
}

Array randint(std::int64_t low, std::int64_t high, Shape shape, Options o,
              Loc loc) {
  tracing::refuse("random::randint()",
                  "its values would be baked into the trace; pass random "
                  "arrays in as inputs",
                  loc);
  if (low >= high)
    fail("randint: low >= high (low=", low, ", high=", high, ")");
  // numpy's check: every value drawn must fit the dtype (floats take any).
  const DType dtype = o.dtype.value_or(int64);
  const std::int64_t lowest = dtype == int32   ? INT32_MIN
                              : dtype == bool_ ? 0
                                               : INT64_MIN;
  const std::int64_t highest = dtype == int32   ? INT32_MAX
                               : dtype == bool_ ? 1
                                                : INT64_MAX;
  if (low < lowest)
    fail("randint: low is out of bounds for ", dtype, " (low=", low, ")");
  if (high - 1 > highest)
    fail("randint: high is out of bounds for ", dtype, " (high=", high, ")");
  Generator &g = default_generator();
  return finish(fill_random(shape, dtype, [&] { return g.integer(low, high); }),
                o);
}

Array randperm(std::int64_t n, Options o, Loc loc) {
  tracing::refuse("random::randperm()",
                  "its values would be baked into the trace; pass random "
                  "arrays in as inputs",
                  loc);
  if (n < 0)
    fail("randperm: n must be non-negative, got ", n);
  Array a = arange(n, int64);
  auto *p = static_cast<std::int64_t *>(a.raw_data());
  Generator &g = default_generator();
  std::lock_guard lock(generator_mutex);
  for (std::int64_t i = n - 1; i > 0; --i) // Fisher-Yates
    std::swap(p[i], p[g.integer(0, i + 1)]);
  if (o.dtype && *o.dtype != int64)
    a = a.astype(*o.dtype);
  return finish(a, o);
}

namespace {
/// One draw from `weights` (all finite and >= 0, summing to total > 0):
/// the first category whose running sum passes a uniform point of [0, total).
std::int64_t draw_category(Generator &g, const std::vector<double> &weights,
                           double total) {
  const double point = g.uniform01() * total;
  double sum = 0;
  std::int64_t last = -1;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    if (weights[k] == 0)
      continue;
    sum += weights[k];
    last = static_cast<std::int64_t>(k);
    if (point < sum)
      return last;
  }
  return last; // the sum rounded below `total`
}
} // namespace

Array multinomial(const Array &weights, std::int64_t num_samples,
                  bool replacement, Loc loc) {
  tracing::refuse("random::multinomial()",
                  "the number of draws of each category depends on the "
                  "data; sample outside the compiled function",
                  loc);
  if (weights.ndim() != 1 && weights.ndim() != 2)
    fail("multinomial: weights must be 1-D or 2-D, got shape ",
         format_shape(weights.shape()));
  if (!is_floating(weights.dtype()))
    fail("multinomial: weights must be float32 or float64, not ",
         weights.dtype());
  const std::int64_t n = weights.shape().back();
  const std::int64_t rows = weights.ndim() == 2 ? weights.shape()[0] : 1;
  if (num_samples <= 0)
    fail("multinomial: num_samples must be positive, got ", num_samples);
  if (!replacement && num_samples > n)
    fail("multinomial: cannot draw ", num_samples, " samples from ", n,
         " categories without replacement");
  const std::vector<double> all =
      weights.astype(float64).contiguous().to_vector<double>();
  // Every row is checked before the generator is locked and any is drawn.
  std::vector<double> totals(static_cast<std::size_t>(rows), 0.0);
  for (std::int64_t r = 0; r < rows; ++r) {
    const std::string row = rows > 1 ? " of row " + std::to_string(r) : "";
    std::int64_t positive = 0;
    for (std::int64_t k = 0; k < n; ++k) {
      const double w = all[static_cast<std::size_t>(r * n + k)];
      if (!(w >= 0) || std::isinf(w))
        fail("multinomial: weights must be finite and non-negative, got ", w,
             " at category ", k, row);
      totals[static_cast<std::size_t>(r)] += w;
      positive += w > 0;
    }
    if (positive == 0)
      fail("multinomial: the weights", row, " sum to zero");
    if (!replacement && num_samples > positive)
      fail("multinomial: cannot draw ", num_samples,
           " samples without replacement from ", positive,
           " categories of non-zero weight");
  }
  Shape shape = weights.shape();
  shape.back() = num_samples;
  Array out = detail::empty(shape, int64);
  auto *p = static_cast<std::int64_t *>(out.raw_data());
  std::lock_guard lock(generator_mutex);
  Generator &g = default_generator();
  for (std::int64_t r = 0; r < rows; ++r) {
    std::vector<double> w(all.begin() + r * n, all.begin() + (r + 1) * n);
    double total = totals[static_cast<std::size_t>(r)];
    for (std::int64_t s = 0; s < num_samples; ++s) {
      const std::int64_t k = draw_category(g, w, total);
      p[r * num_samples + s] = k;
      if (!replacement) {
        w[k] = 0;
        total = std::accumulate(w.begin(), w.end(), 0.0);
      }
    }
  }
  return out;
}

} // namespace npg::random
