#pragma once
// numpy's constants: npg::pi, npg::e, npg::inf, npg::nan (np.pi, np.e,
// np.inf, np.nan), as doubles usable wherever a number is.
#include <limits>
#include <numbers>

namespace npg {

inline constexpr double pi = std::numbers::pi;
inline constexpr double e = std::numbers::e;
inline constexpr double inf = std::numeric_limits<double>::infinity();
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

} // namespace npg
