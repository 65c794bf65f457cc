// Random arrays. Distributions are written out (not std::*_distribution,
// whose output differs between standard libraries) so seeds reproduce.
#include "Internal.h"
#include "compile/Tracing.h"

#include "npg/Random.h"

#include <cmath>
#include <cstdint>
#include <mutex>
#include <numbers>

namespace npg::random {

double Generator::uniform01() {
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

double Generator::normal01() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u1 = uniform01();
  while (u1 <= 0)
    u1 = uniform01();
  const double u2 = uniform01();
  const double r = std::sqrt(-2.0 * std::log(u1));
  spare_ = r * std::sin(2 * std::numbers::pi * u2);
  has_spare_ = true;
  return r * std::cos(2 * std::numbers::pi * u2);
}

std::int64_t Generator::integer(std::int64_t low, std::int64_t high) {
  // Unsigned: high - low overflows int64 for ranges wider than 2^63.
  const std::uint64_t range =
      static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  // Rejection sampling: no modulo bias.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % range;
  std::uint64_t v = engine_();
  while (v >= limit)
    v = engine_();
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + v % range);
}

Generator &default_generator() {
  static Generator generator(0);
  return generator;
}

namespace {
std::mutex generator_mutex;
} // namespace

void manual_seed(std::uint64_t seed) {
  std::lock_guard lock(generator_mutex);
  default_generator().manual_seed(seed);
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
} // namespace

Array rand(Shape shape, Options o, Loc loc) {
  tracing::refuse("random::rand()",
                  "its values would be baked into the trace; pass random "
                  "arrays in as inputs",
                  loc);
  Generator &g = default_generator();
  return finish(
      fill_random(shape, floating(o, "rand"), [&] { return g.uniform01(); }),
      o);
}

Array randn(Shape shape, Options o, Loc loc) {
  tracing::refuse("random::randn()",
                  "its values would be baked into the trace; pass random "
                  "arrays in as inputs",
                  loc);
  Generator &g = default_generator();
  return finish(
      fill_random(shape, floating(o, "randn"), [&] { return g.normal01(); }),
      o);
}

Array uniform(double low, double high, Shape shape, Options o, Loc loc) {
  tracing::refuse("random::uniform()",
                  "its values would be baked into the trace; pass random "
                  "arrays in as inputs",
                  loc);
  if (!(low <= high))
    fail("uniform: low must be <= high, got low=", low, " high=", high);
  Generator &g = default_generator();
  return finish(fill_random(shape, floating(o, "uniform"),
                            [&] { return low + (high - low) * g.uniform01(); }),
                o);
}

Array normal(double mean, double stddev, Shape shape, Options o, Loc loc) {
  tracing::refuse("random::normal()",
                  "its values would be baked into the trace; pass random "
                  "arrays in as inputs",
                  loc);
  if (!(stddev >= 0))
    fail("normal: stddev must be non-negative, got ", stddev);
  Generator &g = default_generator();
  return finish(fill_random(shape, floating(o, "normal"),
                            [&] { return mean + stddev * g.normal01(); }),
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

} // namespace npg::random
