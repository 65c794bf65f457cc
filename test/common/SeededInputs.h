#pragma once
// Seeded test inputs whose values keep each op where it is differentiable
// (or, for Ties, deliberately where it is not), shared by the gradcheck and
// LibTorch suites.
#include <npg/npg.h>

#include <cstdint>
#include <string>
#include <vector>

namespace npg::testing {

enum class Kind {
  Normal,   // standard normal
  Positive, // in [0.5, 2): log, sqrt, pow bases, divisors
  NonZero,  // |x| in [0.2, 1.5), either sign: abs, relu, sign, divisors
  Distinct, // pairwise at least 0.2 apart: max/min without ties
  Wide,     // normal * 6: both branches of sigmoid, saturated tanh
  Ties,     // integers 0..2: max/min with many ties
  Small,    // uniform in (-1.2, 1.2): tan away from its poles
};

struct Input {
  Shape shape;
  Kind kind = Kind::Normal;
};

inline Input N(Shape s) { return {std::move(s), Kind::Normal}; }
inline Input P(Shape s) { return {std::move(s), Kind::Positive}; }
inline Input NZ(Shape s) { return {std::move(s), Kind::NonZero}; }
inline Input D(Shape s) { return {std::move(s), Kind::Distinct}; }
inline Input W(Shape s) { return {std::move(s), Kind::Wide}; }
inline Input Ties(Shape s) { return {std::move(s), Kind::Ties}; }
inline Input S(Shape s) { return {std::move(s), Kind::Small}; }

/// Values of `in`'s kind, drawn from npg's default generator.
inline std::vector<double> draw(const Input &in) {
  auto &gen = random::default_generator();
  const std::int64_t n = numel(in.shape);
  std::vector<double> v(static_cast<std::size_t>(n));
  if (in.kind == Kind::Distinct) {
    const std::vector<std::int64_t> perm =
        random::randperm(n).to_vector<std::int64_t>();
    for (std::int64_t i = 0; i < n; ++i)
      v[i] =
          0.25 * static_cast<double>(perm[i] - n / 2) + 0.05 * gen.uniform01();
    return v;
  }
  for (double &x : v) {
    switch (in.kind) {
    case Kind::Positive:
      x = 0.5 + 1.5 * gen.uniform01();
      break;
    case Kind::NonZero:
      x = (0.2 + 1.3 * gen.uniform01()) * (gen.uniform01() < 0.5 ? -1 : 1);
      break;
    case Kind::Wide:
      x = 6 * gen.normal01();
      break;
    case Kind::Ties:
      x = static_cast<double>(gen.integer(0, 3));
      break;
    case Kind::Small:
      x = 2.4 * gen.uniform01() - 1.2;
      break;
    default:
      x = gen.normal01();
    }
  }
  return v;
}

/// An input of `dtype` that requires grad.
inline Array make_input(const Input &in, DType dtype) {
  return array(draw(in), in.shape, {dtype, /*requires_grad=*/true});
}

/// A seed from a case's name (FNV-1a): adding a case leaves the inputs of
/// every other case as they were.
inline std::uint64_t seed_of(const std::string &name) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : name)
    h = (h ^ c) * 1099511628211ull;
  return h;
}

} // namespace npg::testing
