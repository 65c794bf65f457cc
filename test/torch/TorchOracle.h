#pragma once
// Helpers for checking npg against LibTorch: copying arrays to tensors and
// back, seeded inputs, and an assertion that compares an npg array with a
// torch tensor (or an expected npg array) by shape, dtype and values, and
// prints both on failure.
#include <gtest/gtest.h>
#include <npg/npg.h>
#include <torch/types.h>

#include "common/SeededInputs.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace npg::torch_oracle {

inline c10::ScalarType to_torch(DType d) {
  switch (d) {
  case DType::Bool:
    return torch::kBool;
  case DType::Int32:
    return torch::kInt32;
  case DType::Int64:
    return torch::kInt64;
  case DType::Float32:
    return torch::kFloat32;
  case DType::Float64:
    break;
  }
  return torch::kFloat64;
}

/// npg's dtype for a torch dtype; nullopt for dtypes npg has not.
inline std::optional<DType> from_torch(c10::ScalarType t) {
  switch (t) {
  case torch::kBool:
    return DType::Bool;
  case torch::kInt32:
    return DType::Int32;
  case torch::kInt64:
    return DType::Int64;
  case torch::kFloat32:
    return DType::Float32;
  case torch::kFloat64:
    return DType::Float64;
  default:
    return std::nullopt;
  }
}

/// A torch tensor holding a copy of a's elements, same shape and dtype.
inline torch::Tensor to_torch(const Array &a) {
  const Array c = a.detach().contiguous();
  const std::vector<std::int64_t> sizes(c.shape().begin(), c.shape().end());
  return torch::from_blob(c.raw_data(), sizes,
                          torch::dtype(to_torch(c.dtype())))
      .clone();
}

/// An npg array holding a copy of t's elements, same shape and dtype.
inline Array from_torch(const torch::Tensor &t) {
  const torch::Tensor c = t.detach().contiguous();
  const std::optional<DType> d = from_torch(c.scalar_type());
  if (!d)
    throw std::runtime_error("from_torch: no npg dtype for torch dtype " +
                             std::string(c10::toString(c.scalar_type())));
  const Shape shape(c.sizes().begin(), c.sizes().end());
  return visit(*d, [&]<class T>(std::type_identity<T>) {
    const T *p = c.data_ptr<T>();
    return npg::array(std::vector<T>(p, p + c.numel()), shape);
  });
}

struct Tol {
  double rtol;
  double atol;
};
inline constexpr Tol exact{0, 0};
inline constexpr Tol f64_tol{1e-12, 1e-12};
inline constexpr Tol f32_tol{1e-5, 1e-6};
inline Tol tol_for(DType d) { return d == DType::Float32 ? f32_tol : f64_tol; }

/// actual == expected in shape and dtype, and elementwise
/// |actual - expected| <= atol + rtol * |expected| (NaNs equal to NaNs).
inline ::testing::AssertionResult ArraysMatch(const Array &actual,
                                              const Array &expected, Tol tol) {
  auto both = [&] {
    std::ostringstream os;
    os << "\n  npg:      " << actual << "\n  expected: " << expected;
    return os.str();
  };
  if (actual.shape() != expected.shape())
    return ::testing::AssertionFailure()
           << "shape " << format_shape(actual.shape()) << " != expected "
           << format_shape(expected.shape()) << both();
  if (actual.dtype() != expected.dtype())
    return ::testing::AssertionFailure()
           << "dtype " << actual.dtype() << " != expected " << expected.dtype()
           << both();
  const std::vector<double> a = actual.to_vector<double>();
  const std::vector<double> e = expected.to_vector<double>();
  std::int64_t bad = 0, first = -1;
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool ok =
        (std::isnan(a[i]) && std::isnan(e[i])) || a[i] == e[i] ||
        std::abs(a[i] - e[i]) <= tol.atol + tol.rtol * std::abs(e[i]);
    if (ok)
      continue;
    if (bad++ == 0)
      first = static_cast<std::int64_t>(i);
    worst = std::max(worst, std::abs(a[i] - e[i]));
  }
  if (bad == 0)
    return ::testing::AssertionSuccess();
  std::ostringstream os;
  os.precision(17);
  os << bad << " of " << a.size() << " elements differ (rtol " << tol.rtol
     << ", atol " << tol.atol << "); first at flat index " << first << ": "
     << a[first] << " vs " << e[first] << "; largest difference " << worst;
  return ::testing::AssertionFailure() << os.str() << both();
}

/// An npg array against the torch tensor the same computation gave.
inline ::testing::AssertionResult
MatchesTorch(const Array &actual, const torch::Tensor &expected, Tol tol) {
  if (!from_torch(expected.scalar_type()))
    return ::testing::AssertionFailure()
           << "torch gave dtype " << c10::toString(expected.scalar_type());
  return ArraysMatch(actual, from_torch(expected), tol);
}

// --- Seeded inputs -----------------------------------------------------------

using npg::testing::D;
using npg::testing::draw;
using npg::testing::Input;
using npg::testing::N;
using npg::testing::NZ;
using npg::testing::P;
using npg::testing::seed_of;
using npg::testing::Ties;
using npg::testing::W;

} // namespace npg::torch_oracle
