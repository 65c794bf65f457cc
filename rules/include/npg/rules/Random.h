#pragma once
// npg.random_uniform's semantics, once: eager draws compute it here and the
// lowering builds the same arithmetic from these constants, so that eager
// and compiled code draw the same numbers.
//
// The generator is Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel
// random numbers: as easy as 1, 2, 3", SC'11), the counter-based generator
// of PyTorch's CUDA and JAX: a draw's element i is a pure function of the
// key (the seed) and the counter offset + i, so any element can be computed
// independently, in any order, on any core.
#include <array>
#include <cstdint>

namespace npg::rules::philox {

using Block = std::array<std::uint32_t, 4>;
using Key = std::array<std::uint32_t, 2>;

inline constexpr std::uint32_t kMultiplier0 = 0xD2511F53;
inline constexpr std::uint32_t kMultiplier1 = 0xCD9E8D57;
/// The key's increment per round (the golden ratio and sqrt(3) - 1).
inline constexpr std::uint32_t kWeyl0 = 0x9E3779B9;
inline constexpr std::uint32_t kWeyl1 = 0xBB67AE85;
inline constexpr int kRounds = 10;

/// Philox4x32-10 of `counter` under `key` (Random123's philox4x32_R(10)).
constexpr Block philox4x32_10(Block c, Key k) {
  for (int round = 0; round < kRounds; ++round) {
    if (round > 0) {
      k[0] += kWeyl0;
      k[1] += kWeyl1;
    }
    const std::uint64_t p0 = std::uint64_t{kMultiplier0} * c[0];
    const std::uint64_t p1 = std::uint64_t{kMultiplier1} * c[2];
    c = {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0],
         static_cast<std::uint32_t>(p1),
         static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1],
         static_cast<std::uint32_t>(p0)};
  }
  return c;
}

/// The block behind element `counter` of generator `seed`: key = the seed's
/// two halves, counter = (low, high half of `counter`, 0, 0).
constexpr Block block(std::uint64_t seed, std::uint64_t counter) {
  return philox4x32_10({static_cast<std::uint32_t>(counter),
                        static_cast<std::uint32_t>(counter >> 32), 0, 0},
                       {static_cast<std::uint32_t>(seed),
                        static_cast<std::uint32_t>(seed >> 32)});
}

/// A uniform double in [0, 1): the top 53 bits of w1:w0, times 2^-53.
constexpr double uniform_double(const Block &b) {
  const std::uint64_t bits = (std::uint64_t{b[1]} << 32) | b[0];
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

/// A uniform float in [0, 1): the top 24 bits of w0, times 2^-24.
constexpr float uniform_float(const Block &b) {
  return static_cast<float>(b[0] >> 8) * 0x1.0p-24f;
}

} // namespace npg::rules::philox
