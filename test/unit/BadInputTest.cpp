// Bad and edge-case input to every public function, one table row each:
// wrong shapes and dtypes, out-of-range axes, empty and 0-d arrays, NaN and
// infinity, sizes that cannot be allocated, and non-contiguous views. A row
// expects either npg::Error with a message naming what is at fault, or a
// result worked out by hand (numpy's where numpy defines one).
#include "Expect.h"

#include <npg/npg.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using npg::Array;
using npg::Shape;
using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;
constexpr double inf = std::numeric_limits<double>::infinity();
const double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t big = std::int64_t{1} << 40;

/// One row: `run` either throws npg::Error containing `error`, or returns
/// what `expected` returns (same shape, dtype and values; NaN equals NaN).
struct Row {
  std::string name;
  std::function<Array()> run;
  std::string error;
  std::function<Array()> expected;
};

std::ostream &operator<<(std::ostream &os, const Row &row) {
  return os << row.name;
}

Row fails(std::string name, std::function<Array()> run, std::string error) {
  return {std::move(name), std::move(run), std::move(error), nullptr};
}
Row gives(std::string name, std::function<Array()> run,
          std::function<Array()> expected) {
  return {std::move(name), std::move(run), "", std::move(expected)};
}
/// For calls that return no array: a row fails with `error` or returns true.
template <class F> std::function<Array()> call(F f) {
  return [f] {
    f();
    return npg::array(true);
  };
}
Array yes() { return npg::array(true); }

Array f64(std::initializer_list<double> v) { return npg::array(v); }
Array i64(std::initializer_list<std::int64_t> v) { return npg::array(v); }
Array m23() { return npg::array({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}); }
Array empty0() { return npg::zeros({0}); }
Array empty03() { return npg::zeros({0, 3}); }
Array scalar(double v) { return npg::array(v); }
/// A scalar broadcast to a huge shape: a view, nothing allocated.
Array huge_view(Shape shape) { return npg::ones({1, 1}).broadcast_to(shape); }

/// The bytes of a version 1.0 .npy file with this header dict and no data.
std::string npy_header(const std::string &dict) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0)
    header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY\x01";
  out += '\0';
  out += static_cast<char>(header.size() & 0xFF);
  out += static_cast<char>(header.size() >> 8);
  return out + header;
}

/// Writes `bytes` to a fresh file in the temporary directory.
std::filesystem::path temp_file(const std::string &name,
                                const std::string &bytes) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("npg-badinput-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

class BadInput : public ::testing::TestWithParam<Row> {};

TEST_P(BadInput, ThrowsOrGivesTheExpectedResult) {
  const Row &row = GetParam();
  if (!row.error.empty()) {
    EXPECT_TRUE(ThrowsWith(row.run, row.error));
    return;
  }
  Array actual;
  try {
    actual = row.run();
  } catch (const std::exception &e) {
    FAIL() << "threw: " << e.what();
  }
  const Array expected = row.expected();
  EXPECT_EQ(actual.dtype(), expected.dtype());
  EXPECT_TRUE(ArraysClose(actual, expected));
}

// --- Creation ----------------------------------------------------------------

std::vector<Row> creation_rows() {
  return {
      fails(
          "zeros_negative",
          [] {
            return npg::zeros({2, -1});
          },
          "negative dimensions are not allowed: shape (2,-1)"),
      fails(
          "zeros_too_many_dims", [] { return npg::zeros(Shape(65, 1)); },
          "maximum supported dimension for an array is 64, found 65"),
      fails(
          "zeros_count_overflows",
          [] {
            return npg::zeros({big, big});
          },
          "array is too big: shape (1099511627776,1099511627776)"),
      fails(
          "zeros_bytes_overflow",
          [] { return npg::zeros({std::int64_t{1} << 62}); },
          "array is too big: shape (4611686018427387904,) of dtype float64"),
      fails(
          "zeros_cannot_allocate",
          [] {
            return npg::zeros({big, 1024});
          },
          "Unable to allocate"),
      fails(
          "ones_cannot_allocate",
          [] {
            return npg::ones({big, 1024});
          },
          "with shape (1099511627776,1024) and data type float64"),
      fails(
          "empty_count_overflows",
          [] {
            return npg::empty({big, big, 0, big});
          },
          "array is too big"),
      fails(
          "full_overflow",
          [] {
            return npg::full({big, big}, 1.0);
          },
          "array is too big"),
      fails(
          "zeros_like_huge_view",
          [] {
            return npg::zeros_like(huge_view({big, 1024}));
          },
          "Unable to allocate"),
      fails(
          "full_nan_int", [] { return npg::full({2}, nan, npg::int64); },
          "cannot convert float NaN to integer (int64)"),
      fails(
          "full_inf_int", [] { return npg::full({2}, -inf, npg::int32); },
          "cannot convert float infinity to integer (int32)"),
      fails(
          "full_out_of_range", [] { return npg::full({2}, 3e9, npg::int32); },
          "float 3e+09 is out of bounds for int32"),
      gives(
          "full_in_range", [] { return npg::full({2}, -2.9, npg::int32); },
          [] {
            return npg::array(std::vector<std::int32_t>{-2, -2}, {2});
          }),
      fails(
          "full_like_nan_int",
          [] {
            return npg::full_like(i64({1, 2}), nan);
          },
          "cannot convert float NaN to integer (int64)"),
      fails(
          "fill_nan_int",
          [] {
            return i64({1, 2}).fill(nan);
          },
          "cannot convert float NaN to integer (int64)"),
      gives(
          "fill_nan_bool", [] { return npg::zeros({2}, npg::bool_).fill(nan); },
          [] {
            return npg::array({true, true});
          }),
      gives(
          "zeros_empty",
          [] {
            return npg::zeros({0, 3}).sum();
          },
          [] { return scalar(0); }),
      gives(
          "zeros_0d", [] { return npg::zeros({}); }, [] { return scalar(0); }),
      fails(
          "array_vector_wrong_count",
          [] {
            return npg::array(std::vector<double>{1, 2, 3}, {2, 2});
          },
          "cannot make an array of shape (2,2) from 3 elements"),
      fails(
          "array_ragged",
          [] {
            return npg::array({{1.0, 2.0}, {3.0}});
          },
          "inhomogeneous shape after 1 dimensions"),
      fails(
          "arange_step_zero", [] { return npg::arange(0, 5, 0); },
          "arange: step must not be zero"),
      gives(
          "arange_empty", [] { return npg::arange(5, 0); },
          [] { return npg::zeros({0}, npg::int64); }),
      fails(
          "arange_nan", [] { return npg::arange(nan); },
          "arange: cannot compute length"),
      fails(
          "arange_inf", [] { return npg::arange(0.0, inf); },
          "Maximum allowed size exceeded"),
      fails(
          "arange_too_many", [] { return npg::arange(0.0, 1e300, 1e-300); },
          "Maximum allowed size exceeded"),
      fails(
          "arange_huge", [] { return npg::arange(std::int64_t{1} << 62); },
          "array is too big"),
      fails(
          "linspace_negative", [] { return npg::linspace(0, 1, -1); },
          "linspace: number of samples, -1, must be non-negative"),
      gives(
          "linspace_zero", [] { return npg::linspace(0, 1, 0); },
          [] { return npg::zeros({0}); }),
      gives(
          "linspace_nan", [] { return npg::linspace(0, nan, 2); },
          [] {
            return f64({nan, nan});
          }), // numpy: 0 * nan + 0
      fails(
          "eye_negative", [] { return npg::eye(-1); },
          "negative dimensions are not allowed"),
      fails(
          "eye_huge", [] { return npg::eye(std::int64_t{1} << 32); },
          "array is too big"),
      gives(
          "eye_empty", [] { return npg::eye(0, 3); },
          [] {
            return npg::zeros({0, 3});
          }),
      fails(
          "requires_grad_int", [] { return npg::arange(3).requires_grad_(); },
          "int64"),
      fails(
          "requires_grad_bool",
          [] {
            return npg::zeros({2}, {npg::bool_, true});
          },
          "bool"),
  };
}

// --- Random ------------------------------------------------------------------

std::vector<Row> random_rows() {
  namespace r = npg::random;
  return {
      fails(
          "rand_int_dtype", [] { return r::rand({2}, npg::int64); },
          "rand: dtype must be float32 or float64, not int64"),
      fails(
          "randn_bool_dtype", [] { return r::randn({2}, npg::bool_); },
          "randn: dtype must be float32 or float64, not bool"),
      fails(
          "rand_negative", [] { return r::rand({-2}); },
          "negative dimensions are not allowed"),
      fails(
          "rand_huge",
          [] {
            return r::rand({big, big});
          },
          "array is too big"),
      fails(
          "uniform_low_above_high", [] { return r::uniform(2, 1, {3}); },
          "uniform: low must be <= high, got low=2 high=1"),
      fails(
          "uniform_nan_bound", [] { return r::uniform(nan, 1, {3}); },
          "uniform: low must be <= high, got low=nan high=1"),
      fails(
          "normal_negative_stddev", [] { return r::normal(0, -1, {3}); },
          "normal: stddev must be non-negative, got -1"),
      fails(
          "normal_nan_stddev", [] { return r::normal(0, nan, {3}); },
          "normal: stddev must be non-negative, got nan"),
      fails(
          "randint_empty_range", [] { return r::randint(3, 3, {2}); },
          "randint: low >= high (low=3, high=3)"),
      gives(
          "randint_float_dtype", // allowed, as torch.randint
          [] { return r::randint(0, 1, {2}, npg::float64); },
          [] { return npg::zeros({2}); }),
      fails(
          "randint_int32_high",
          [] { return r::randint(0, big, {2}, npg::int32); },
          "randint: high is out of bounds for int32 (high=1099511627776)"),
      fails(
          "randint_int32_low",
          [] { return r::randint(-big, 0, {2}, npg::int32); },
          "randint: low is out of bounds for int32 (low=-1099511627776)"),
      fails(
          "randint_bool_high", [] { return r::randint(0, 3, {2}, npg::bool_); },
          "randint: high is out of bounds for bool (high=3)"),
      gives(
          "randint_widest_range", // high - low overflows int64
          [] {
            const Array v =
                r::randint(std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::int64_t>::max(), {256});
            const double q = 0x1p62;
            return npg::array((v < -q).any().item<bool>() &&
                              (v > q).any().item<bool>());
          },
          yes),
      fails(
          "randperm_negative", [] { return r::randperm(-1); },
          "randperm: n must be non-negative, got -1"),
      fails(
          "randperm_huge", [] { return r::randperm(std::int64_t{1} << 62); },
          "array is too big"),
      gives(
          "randperm_zero", [] { return r::randperm(0); },
          [] { return npg::zeros({0}, npg::int64); }),
      gives(
          "rand_empty",
          [] {
            return r::rand({0, 4}).sum();
          },
          [] { return scalar(0); }),
  };
}

// --- Elementwise -------------------------------------------------------------

std::vector<Row> elementwise_rows() {
  return {
      fails(
          "add_shapes",
          [] {
            return npg::ones({2, 3}) + npg::ones({2});
          },
          "operands could not be broadcast together with shapes (2,3) (2,)"),
      fails(
          "mul_shapes", [] { return npg::mul(npg::ones({3}), npg::ones({4})); },
          "shapes (3,) (4,)"),
      fails(
          "sub_bool",
          [] {
            return npg::sub(npg::ones({2}, npg::bool_),
                            npg::ones({2}, npg::bool_));
          },
          "numpy boolean subtract"),
      fails(
          "neg_bool", [] { return -npg::ones({2}, npg::bool_); },
          "not supported on bool arrays"),
      fails(
          "pow_int_negative", [] { return npg::pow(i64({2}), i64({-1})); },
          "Integers to negative integer powers are not allowed."),
      fails(
          "add_result_too_big",
          [] {
            return huge_view({big, 1}) + huge_view({1, big});
          },
          "array is too big"),
      gives(
          "add_empty", [] { return empty03() + npg::ones({3}); },
          [] { return empty03(); }),
      gives(
          "add_empty_broadcast",
          [] {
            return npg::ones({0, 1}) + npg::ones({1, 3});
          },
          [] { return empty03(); }),
      gives(
          "add_0d", [] { return scalar(2) + scalar(3); },
          [] { return scalar(5); }),
      gives(
          "add_inf",
          [] {
            return f64({inf, -inf, inf}) + f64({1, inf, -inf});
          },
          [] {
            return f64({inf, nan, nan});
          }),
      gives(
          "div_by_zero",
          [] {
            return f64({1, -1, 0}) / f64({0, 0, 0});
          },
          [] {
            return f64({inf, -inf, nan});
          }),
      gives(
          "div_int_by_zero",
          [] {
            return i64({1, 0}) / i64({0, 0});
          },
          [] {
            return f64({inf, nan});
          }),
      gives(
          "mul_nan",
          [] {
            return f64({nan, 2}) * 0.0;
          },
          [] {
            return f64({nan, 0});
          }),
      gives(
          "pow_zero_negative",
          [] {
            return npg::pow(f64({0, -8}), -1.0);
          },
          [] {
            return f64({inf, -0.125});
          }),
      gives(
          "pow_negative_fraction", [] { return npg::pow(f64({-8}), 0.5); },
          [] { return f64({nan}); }),
      gives(
          "exp_inf",
          [] {
            return npg::exp(f64({inf, -inf, nan}));
          },
          [] {
            return f64({inf, 0, nan});
          }),
      gives(
          "exp_bool",
          [] {
            return npg::exp(npg::array({true, false}));
          },
          [] {
            return f64({std::exp(1.0), 1});
          }),
      gives(
          "log_edge",
          [] {
            return npg::log(f64({0, -1, inf}));
          },
          [] {
            return f64({-inf, nan, inf});
          }),
      gives(
          "sqrt_negative",
          [] {
            return npg::sqrt(f64({-1, inf}));
          },
          [] {
            return f64({nan, inf});
          }),
      gives(
          "sqrt_int",
          [] {
            return npg::sqrt(i64({4, 9}));
          },
          [] {
            return f64({2, 3});
          }),
      gives(
          "tanh_inf",
          [] {
            return npg::tanh(f64({inf, -inf, nan}));
          },
          [] {
            return f64({1, -1, nan});
          }),
      gives(
          "sigmoid_inf",
          [] {
            return npg::sigmoid(f64({inf, -inf, nan}));
          },
          [] {
            return f64({1, 0, nan});
          }),
      gives(
          "relu_nan",
          [] {
            return npg::relu(f64({nan, -inf, inf}));
          },
          [] {
            return f64({nan, 0, inf});
          }),
      gives(
          "abs_inf",
          [] {
            return npg::abs(f64({-inf, nan}));
          },
          [] {
            return f64({inf, nan});
          }),
      gives(
          "sign_nan",
          [] {
            return npg::sign(f64({nan, -inf, 0, 3}));
          },
          [] {
            return f64({nan, -1, 0, 1});
          }),
      gives(
          "sin_inf", [] { return npg::sin(f64({inf})); },
          [] { return f64({nan}); }),
      gives(
          "cos_tan_inf",
          [] { return npg::cos(f64({inf})) + npg::tan(f64({-inf})); },
          [] { return f64({nan}); }),
      gives(
          "floor_inf",
          [] {
            return npg::floor(f64({inf, nan, -2.5}));
          },
          [] {
            return f64({inf, nan, -3});
          }),
      gives(
          "ceil_int", [] { return npg::ceil(i64({2})); },
          [] { return f64({2}); }),
      gives(
          "softplus_inf",
          [] {
            return npg::softplus(f64({inf, -inf, 1000}));
          },
          [] {
            return f64({inf, 0, 1000});
          }),
      // The tanh formula, as PyTorch: -inf * (1 + tanh(-inf)) is NaN.
      gives(
          "gelu_inf",
          [] {
            return npg::gelu(f64({inf, -inf}));
          },
          [] {
            return f64({inf, nan});
          }),
      gives(
          "maximum_nan",
          [] {
            return npg::maximum(f64({nan, 1}), f64({1, nan}));
          },
          [] {
            return f64({nan, nan});
          }),
      gives(
          "minimum_nan",
          [] {
            return npg::minimum(f64({nan, 1}), 2.0);
          },
          [] {
            return f64({nan, 1});
          }),
      fails(
          "maximum_shapes",
          [] { return npg::maximum(npg::ones({2}), npg::ones({3})); },
          "shapes (2,) (3,)"),
      fails(
          "clip_no_bounds",
          [] { return npg::clip(f64({1}), std::nullopt, std::nullopt); },
          "clip: at least one of the bounds (lo, hi) must be given"),
      gives(
          "clip_bool_int_bounds",
          [] {
            return npg::clip(npg::array({true, false}), 0, 1);
          },
          [] {
            return i64({1, 0});
          }),
      gives(
          "clip_nan",
          [] {
            return npg::clip(f64({nan, -inf, inf}), -1.0, 1.0);
          },
          [] {
            return f64({nan, -1, 1});
          }),
      fails(
          "where_float_condition",
          [] {
            return npg::where(f64({1, 0}), f64({1, 2}), f64({3, 4}));
          },
          "where: the condition must be a bool array, but it has dtype float64 "
          "(shape (2,))"),
      fails(
          "where_shapes",
          [] {
            return npg::where(npg::array({true, false}), npg::ones({3}), 0.0);
          },
          "shapes"),
      gives(
          "where_empty",
          [] { return npg::where(npg::zeros({0}, npg::bool_), 1.0, 2.0); },
          [] { return empty0(); }),
      gives(
          "isnan",
          [] {
            return npg::isnan(f64({nan, inf, 1}));
          },
          [] {
            return npg::array({true, false, false});
          }),
      gives(
          "isinf",
          [] {
            return npg::isinf(f64({nan, -inf, 1}));
          },
          [] {
            return npg::array({false, true, false});
          }),
      gives(
          "isfinite_int", [] { return npg::isfinite(i64({1})); },
          [] { return npg::array({true}); }),
      gives(
          "compare_nan",
          [] {
            return f64({nan, nan}) == f64({nan, 1});
          },
          [] {
            return npg::array({false, false});
          }),
      gives(
          "compare_ne_nan", [] { return f64({nan}) != f64({nan}); },
          [] { return npg::array({true}); }),
      fails(
          "compare_shapes", [] { return npg::ones({2}) < npg::ones({3}); },
          "shapes (2,) (3,)"),
      gives(
          "round_nan",
          [] {
            return npg::round(f64({nan, inf, 2.5}));
          },
          [] {
            return f64({nan, inf, 2});
          }),
      gives(
          "astype_nonfinite_to_int",
          [] {
            return f64({nan, inf, -inf, 1e300, -2.5}).astype(npg::int64);
          },
          [] {
            const std::int64_t m = std::numeric_limits<std::int64_t>::min();
            return i64({m, m, m, m, -2});
          }),
      gives(
          "astype_out_of_range_int32",
          [] {
            return f64({3e9, -3e9, nan, 7.9}).astype(npg::int32);
          },
          [] {
            const std::int32_t m = std::numeric_limits<std::int32_t>::min();
            return npg::array(std::vector<std::int32_t>{m, m, m, 7}, {4});
          }),
      gives(
          "astype_nan_to_bool",
          [] {
            return f64({nan, 0}).astype(npg::bool_);
          },
          [] {
            return npg::array({true, false});
          }),
      gives(
          "astype_inf_to_float32",
          [] {
            return f64({1e300, -inf}).astype(npg::float32);
          },
          [] {
            return npg::array({inf, -inf}, npg::float32);
          }),
  };
}

// --- Reductions --------------------------------------------------------------

std::vector<Row> reduction_rows() {
  return {
      fails(
          "sum_axis", [] { return m23().sum(2); },
          "axis 2 is out of bounds for array of dimension 2"),
      fails(
          "sum_negative_axis", [] { return m23().sum(-3); },
          "axis -3 is out of bounds for array of dimension 2"),
      fails(
          "sum_duplicate_axis",
          [] {
            return m23().sum({1, -1});
          },
          "duplicate value in 'axis'"),
      fails(
          "sum_0d_axis", [] { return scalar(1).sum(0); },
          "axis 0 is out of bounds for array of dimension 0"),
      gives(
          "sum_0d", [] { return scalar(4).sum(); }, [] { return scalar(4); }),
      gives(
          "sum_empty", [] { return empty0().sum(); }, [] { return scalar(0); }),
      gives(
          "sum_empty_int", [] { return npg::zeros({0}, npg::int64).sum(); },
          [] { return npg::array(std::int64_t{0}); }),
      gives(
          "sum_empty_axis0", [] { return empty03().sum(0); },
          [] { return npg::zeros({3}); }),
      gives(
          "sum_empty_axis1", [] { return empty03().sum(1); },
          [] { return empty0(); }),
      gives(
          "sum_inf",
          [] {
            return f64({inf, -inf}).sum();
          },
          [] { return scalar(nan); }),
      gives(
          "sum_nan",
          [] {
            return f64({1, nan}).sum();
          },
          [] { return scalar(nan); }),
      gives(
          "prod_empty", [] { return empty0().prod(); },
          [] { return scalar(1); }),
      gives(
          "prod_inf_zero",
          [] {
            return f64({inf, 0}).prod();
          },
          [] { return scalar(nan); }),
      gives(
          "mean_empty", [] { return empty0().mean(); },
          [] { return scalar(nan); }),
      gives(
          "mean_empty_axis0", [] { return empty03().mean(0); },
          [] {
            return f64({nan, nan, nan});
          }),
      fails(
          "max_empty", [] { return empty0().max(); },
          "zero-size array to reduction operation maximum which has no "
          "identity"),
      fails(
          "min_empty", [] { return empty03().min(0); },
          "zero-size array to reduction operation minimum which has no "
          "identity"),
      // The inf norm is a maximum (numpy and PyTorch refuse it too); the
      // 2-norm of nothing is 0.
      fails(
          "norm_inf_empty", [] { return empty0().norm(inf); },
          "zero-size array to reduction operation maximum which has no "
          "identity"),
      gives(
          "norm_empty", [] { return empty0().norm(); },
          [] { return scalar(0.0); }),
      gives(
          "max_empty_other_axis", [] { return empty03().max(1); },
          [] { return empty0(); }),
      gives(
          "max_nan",
          [] {
            return f64({1, nan, 3}).max();
          },
          [] { return scalar(nan); }),
      gives(
          "min_nan_axis",
          [] {
            return npg::array({{1.0, nan}, {3.0, 4.0}}).min(1);
          },
          [] {
            return f64({nan, 3});
          }),
      gives(
          "max_inf",
          [] {
            return f64({-inf, -inf}).max();
          },
          [] { return scalar(-inf); }),
      gives(
          "all_empty", [] { return empty0().all(); },
          [] { return npg::array(true); }),
      gives(
          "any_empty", [] { return empty0().any(); },
          [] { return npg::array(false); }),
      gives(
          "all_nan", [] { return f64({nan}).all(); },
          [] { return npg::array(true); }),
      fails(
          "argmax_empty", [] { return empty0().argmax(); },
          "attempt to get argmax of an empty sequence"),
      fails(
          "argmin_empty_axis", [] { return empty03().argmin(0); },
          "attempt to get argmin of an empty sequence"),
      fails(
          "argmax_axis", [] { return m23().argmax(2); },
          "axis 2 is out of bounds for array of dimension 2"),
      gives(
          "argmax_nan",
          [] {
            return f64({1, nan, 3, nan}).argmax();
          },
          [] { return npg::array(std::int64_t{1}); }),
      gives(
          "argmin_nan",
          [] {
            return f64({1, -inf, nan}).argmin();
          },
          [] { return npg::array(std::int64_t{2}); }),
      gives(
          "argmax_0d", [] { return scalar(5).argmax(); },
          [] { return npg::array(std::int64_t{0}); }),
      gives(
          "var_empty", [] { return empty0().var(); },
          [] { return scalar(nan); }),
      gives(
          "var_ddof_too_big",
          [] {
            return f64({1, 2}).var({}, 2);
          },
          [] { return scalar(inf); }),
      gives(
          "var_inf",
          [] {
            return f64({inf, 1}).var();
          },
          [] { return scalar(nan); }),
      gives(
          "std_0d", [] { return scalar(3).std(); }, [] { return scalar(0); }),
      fails(
          "var_axis", [] { return m23().var(5); },
          "axis 5 is out of bounds for array of dimension 2"),
      gives(
          "logsumexp_empty", [] { return empty0().logsumexp(); },
          [] { return scalar(-inf); }),
      gives(
          "logsumexp_all_neg_inf",
          [] {
            return f64({-inf, -inf}).logsumexp();
          },
          [] { return scalar(-inf); }),
      gives(
          "logsumexp_inf",
          [] {
            return f64({inf, 1}).logsumexp();
          },
          [] { return scalar(inf); }),
      gives(
          "logsumexp_nan",
          [] {
            return f64({nan, 1}).logsumexp();
          },
          [] { return scalar(nan); }),
      fails(
          "softmax_axis", [] { return m23().softmax(2); },
          "axis 2 is out of bounds for array of dimension 2"),
      gives(
          "softmax_0d", [] { return scalar(3).softmax(); },
          [] { return scalar(1); }),
      fails(
          "softmax_0d_axis", [] { return scalar(3).softmax(1); },
          "axis 1 is out of bounds for array of dimension"),
      gives(
          "softmax_empty", [] { return empty03().softmax(); },
          [] { return empty03(); }),
      gives(
          "softmax_neg_inf",
          [] {
            return f64({-inf, 0}).softmax();
          },
          [] {
            return f64({0, 1});
          }),
      gives(
          "softmax_nan",
          [] {
            return f64({nan, 0}).softmax();
          },
          [] {
            return f64({nan, nan});
          }),
      gives(
          "log_softmax_neg_inf",
          [] {
            return f64({-inf, 0}).log_softmax();
          },
          [] {
            return f64({-inf, 0});
          }),
      gives(
          "softmax_int",
          [] {
            return i64({0, 0}).softmax();
          },
          [] {
            return f64({0.5, 0.5});
          }),
      fails(
          "cumsum_axis", [] { return m23().cumsum(-3); },
          "axis -3 is out of bounds for array of dimension 2"),
      gives(
          "cumsum_empty", [] { return empty03().cumsum(); },
          [] { return empty0(); }),
      gives(
          "cumsum_0d", [] { return scalar(2).cumsum(); },
          [] { return f64({2}); }),
      // numpy ravels a 0-d array first, so axis 0 (or -1) is its only axis.
      gives(
          "cumsum_0d_axis", [] { return scalar(2).cumsum(0); },
          [] { return f64({2}); }),
      fails(
          "cumsum_0d_axis1", [] { return scalar(2).cumsum(1); },
          "axis 1 is out of bounds for array of dimension"),
      gives(
          "cumsum_bool",
          [] {
            return npg::array({true, true}).cumsum();
          },
          [] {
            return i64({1, 2});
          }),
      gives(
          "cumsum_nan",
          [] {
            return f64({1, nan, 1}).cumsum();
          },
          [] {
            return f64({1, nan, nan});
          }),
      gives(
          "cumprod_inf_zero",
          [] {
            return f64({inf, 0, 1}).cumprod();
          },
          [] {
            return f64({inf, nan, nan});
          }),
  };
}

// --- Matmul and shape ops ----------------------------------------------------

std::vector<Row> shape_rows() {
  return {
      fails(
          "matmul_not_aligned",
          [] {
            return npg::matmul(npg::ones({2, 3}), npg::ones({2, 4}));
          },
          "matmul: contraction dimensions differ: operand 0 of shape (2,3) "
          "has 3, operand 1 of shape (2,4) has 2"),
      fails(
          "matmul_0d", [] { return npg::matmul(scalar(1), npg::ones({2})); },
          "matmul: operands must have rank >= 1, got operand 0 of shape (), "
          "operand 1 of shape (2,)"),
      fails(
          "matmul_batch",
          [] {
            return npg::matmul(npg::ones({2, 2, 3}), npg::ones({3, 3, 4}));
          },
          "matmul: batch dimensions do not broadcast: operand 0 of shape "
          "(2,2,3), operand 1 of shape (3,3,4)"),
      gives(
          "matmul_empty_inner",
          [] {
            return npg::matmul(npg::ones({2, 0}), npg::ones({0, 3}));
          },
          [] {
            return npg::zeros({2, 3});
          }),
      gives(
          "matmul_empty_outer",
          [] {
            return npg::matmul(npg::ones({0, 2}), npg::ones({2, 3}));
          },
          [] { return empty03(); }),
      gives(
          "matmul_nan",
          [] {
            return npg::matmul(f64({nan, 1}), f64({0, 1}));
          },
          [] { return scalar(nan); }),
      gives(
          "matmul_int",
          [] {
            return npg::matmul(i64({1, 2}), i64({3, 4}));
          },
          [] { return npg::array(std::int64_t{11}); }),
      fails(
          "matmul_result_too_big",
          [] {
            return npg::matmul(huge_view({big, 1}), huge_view({1, big}));
          },
          "array is too big"),
      fails(
          "reshape_size", [] { return m23().reshape({4}); },
          "cannot reshape array of size 6 into shape (4,)"),
      fails(
          "reshape_two_unknown",
          [] {
            return m23().reshape({-1, -1});
          },
          "can only specify one unknown dimension"),
      fails(
          "reshape_negative",
          [] {
            return m23().reshape({-2, 3});
          },
          "negative dimensions are not allowed"),
      fails(
          "reshape_empty_unknown",
          [] {
            return empty0().reshape({-1, 0});
          },
          "cannot reshape array of size 0 into shape (-1,0)"),
      fails(
          "reshape_overflow",
          [] {
            return empty0().reshape({big, big, 0});
          },
          "cannot reshape array of size 0 into shape"),
      gives(
          "reshape_empty",
          [] {
            return empty03().reshape({3, -1});
          },
          [] {
            return npg::zeros({3, 0});
          }),
      gives(
          "reshape_0d",
          [] {
            return scalar(7).reshape({1, 1});
          },
          [] { return npg::array({{7.0}}); }),
      fails(
          "transpose_count", [] { return m23().transpose({0}); },
          "axes don't match array: 1 axes given for an array of dimension 2"),
      fails(
          "transpose_repeated",
          [] {
            return m23().transpose({1, 1});
          },
          "repeated axis in transpose"),
      fails(
          "transpose_axis",
          [] {
            return m23().transpose({0, 2});
          },
          "axis 2 is out of bounds for array of dimension 2"),
      gives(
          "transpose_0d", [] { return scalar(1).transpose(); },
          [] { return scalar(1); }),
      fails(
          "swapaxes_axis", [] { return npg::swapaxes(m23(), 0, 2); },
          "axis 2 is out of bounds for array of dimension 2"),
      fails(
          "permute_axis",
          [] {
            return npg::permute(m23(), {-3, 0});
          },
          "axis -3 is out of bounds for array of dimension 2"),
      fails(
          "squeeze_not_one", [] { return m23().squeeze(0); },
          "cannot select an axis to squeeze out which has size not equal to "
          "one"),
      fails(
          "squeeze_axis", [] { return m23().squeeze(3); },
          "axis 3 is out of bounds for array of dimension 2"),
      gives(
          "squeeze_0d", [] { return scalar(1).squeeze(); },
          [] { return scalar(1); }),
      fails(
          "unsqueeze_axis", [] { return m23().unsqueeze(4); },
          "axis 4 is out of bounds for array of dimension 3"),
      gives(
          "unsqueeze_0d", [] { return scalar(1).unsqueeze(-1); },
          [] { return f64({1}); }),
      gives(
          "flatten_0d", [] { return scalar(1).flatten(); },
          [] { return f64({1}); }),
      fails(
          "slice_axis", [] { return m23().slice(2, 0, 1); },
          "axis 2 is out of bounds for array of dimension 2"),
      fails(
          "slice_step_zero", [] { return m23().slice(0, 0, 1, 0); },
          "slice step cannot be zero"),
      gives(
          "slice_out_of_range",
          [] {
            return f64({1, 2, 3}).slice(0, 5, 10);
          },
          [] { return empty0(); }),
      gives(
          "slice_extreme_bounds",
          [] {
            return f64({1, 2, 3}).slice(
                0, std::numeric_limits<std::int64_t>::min(),
                std::numeric_limits<std::int64_t>::max());
          },
          [] {
            return f64({1, 2, 3});
          }),
      gives(
          "slice_extreme_positive_step",
          [] {
            return f64({1, 2, 3}).slice(
                0, 1, std::nullopt, std::numeric_limits<std::int64_t>::max());
          },
          [] { return f64({2}); }),
      gives(
          "slice_extreme_step",
          [] {
            return f64({1, 2, 3}).slice(
                0, std::nullopt, std::nullopt,
                std::numeric_limits<std::int64_t>::min());
          },
          [] { return f64({3}); }),
      fails(
          "slice_0d", [] { return scalar(1).slice(0, 0, 1); },
          "axis 0 is out of bounds for array of dimension 0"),
      fails(
          "select_index", [] { return m23().select(1, -4); },
          "index -4 is out of bounds for axis 1 with size 3"),
      fails(
          "select_empty", [] { return empty0()[0]; },
          "index 0 is out of bounds for axis 0 with size 0"),
      fails(
          "select_0d", [] { return scalar(1)[0]; },
          "axis 0 is out of bounds for array of dimension 0"),
      fails(
          "broadcast_to_incompatible",
          [] { return npg::ones({3}).broadcast_to({4}); },
          "requested shape (4,)"),
      fails(
          "broadcast_to_fewer_dims",
          [] {
            return npg::ones({2, 3}).broadcast_to({3});
          },
          "requested shape (3,)"),
      fails(
          "broadcast_to_negative",
          [] { return npg::ones({1}).broadcast_to({-1}); },
          "all elements of broadcast shape must be non-negative: requested "
          "shape (-1,)"),
      fails(
          "broadcast_to_count_overflows",
          [] {
            return npg::ones({1}).broadcast_to({big, big});
          },
          "array is too big"),
      gives(
          "broadcast_to_empty", [] { return npg::ones({1}).broadcast_to({0}); },
          [] { return empty0(); }),
      fails(
          "contiguous_huge_view",
          [] {
            return huge_view({big, 1024}).contiguous();
          },
          "Unable to allocate"),
      fails(
          "sort_0d", [] { return npg::sort(scalar(1)); },
          "sort: cannot sort a 0-d array along axis -1"),
      fails(
          "sort_axis", [] { return npg::sort(m23(), 2); },
          "axis 2 is out of bounds for array of dimension 2"),
      gives(
          "sort_nan_last",
          [] {
            return npg::sort(f64({nan, 3, -inf, 1}));
          },
          [] {
            return f64({-inf, 1, 3, nan});
          }),
      gives(
          "sort_empty", [] { return npg::sort(empty03(), 0); },
          [] { return empty03(); }),
      gives(
          "nonzero_nan",
          [] {
            return npg::nonzero(f64({0, nan, 0}))[0];
          },
          [] { return i64({1}); }),
      gives(
          "nonzero_0d",
          [] { return npg::nonzero(npg::array(std::int64_t{0}))[0]; },
          [] { return npg::zeros({0}, npg::int64); }),
      gives(
          "allclose_nan",
          [] { return npg::array(npg::allclose(f64({nan}), f64({nan}))); },
          [] { return npg::array(false); }),
      gives(
          "allclose_equal_nan",
          [] {
            return npg::array(
                npg::allclose(f64({nan}), f64({nan}), 1e-5, 1e-8, true));
          },
          yes),
      gives(
          "allclose_inf",
          [] { return npg::array(npg::allclose(f64({inf}), f64({inf}))); },
          yes),
      fails(
          "allclose_shapes",
          [] {
            return npg::array(npg::allclose(npg::ones({2}), npg::ones({3})));
          },
          "shapes (2,) (3,)"),
      gives(
          "array_equal_shapes",
          [] {
            return npg::array(npg::array_equal(npg::ones({2}), npg::ones({3})));
          },
          [] { return npg::array(false); }),
      fails(
          "item_size", [] { return scalar(m23().item<double>()); },
          "can only convert an array of size 1 to a scalar"),
      fails(
          "data_ptr_dtype", [] { return scalar(*m23().data_ptr<float>()); },
          "data_ptr: the array has dtype float64, not float32"),
      fails(
          "inplace_shapes",
          [] {
            Array a = npg::ones({3});
            a += npg::ones({2});
            return a;
          },
          "shapes"),
      fails(
          "assign_shapes", [] { return npg::ones({3}).assign(npg::ones({2})); },
          "(2,)"),
  };
}

// --- Autograd, nn losses, optimizers, io, compile
// -----------------------------

std::vector<Row> library_rows() {
  namespace nn = npg::nn;
  namespace optim = npg::optim;
  return {
      fails(
          "backward_not_scalar",
          [] {
            (npg::ones({2, 3}, true) * 2).backward();
            return yes();
          },
          "(2,3)"),
      fails(
          "backward_grad_shape",
          [] {
            (npg::ones({2, 3}, true) * 2).backward(npg::ones({3}));
            return yes();
          },
          "the gradient has shape (3,) but the array has shape (2,3)"),
      fails(
          "mse_shapes", [] { return nn::mse(npg::ones({2}), npg::ones({3})); },
          "mse: input and target must have the same shape, but input has shape "
          "(2,) and target (3,)"),
      fails(
          "mse_reduction",
          [] { return nn::mse(npg::ones({2}), npg::ones({2}), "max"); },
          "reduction must be \"mean\", \"sum\" or \"none\", not \"max\""),
      gives(
          "mse_empty", [] { return nn::mse(empty0(), empty0()); },
          [] { return scalar(nan); }),
      gives(
          "mse_empty_sum", [] { return nn::mse(empty0(), empty0(), "sum"); },
          [] { return scalar(0); }),
      gives(
          "mse_inf", [] { return nn::mse(f64({inf}), f64({inf})); },
          [] { return scalar(nan); }),
      fails(
          "cross_entropy_0d",
          [] { return nn::cross_entropy(scalar(1), i64({0})); },
          "cross_entropy: logits must have a class axis"),
      fails(
          "cross_entropy_int_logits",
          [] {
            return nn::cross_entropy(i64({1, 2}), npg::array(std::int64_t{0}));
          },
          "cross_entropy: logits must be float32 or float64, not int64"),
      fails(
          "cross_entropy_float_target",
          [] {
            return nn::cross_entropy(npg::ones({2, 3}), f64({0, 1}));
          },
          "cross_entropy: target must hold class indices (an int64 or int32 "
          "array), but it has dtype float64"),
      fails(
          "cross_entropy_target_shape",
          [] {
            return nn::cross_entropy(npg::ones({2, 3}), i64({0, 1, 2}));
          },
          "cross_entropy: logits of shape (2,3) need a target of shape (2,)"),
      fails(
          "cross_entropy_target_range",
          [] {
            return nn::cross_entropy(npg::ones({2, 3}), i64({0, 3}));
          },
          "cross_entropy: target 3 (at flat index 1) is out of range for 3 "
          "classes"),
      fails(
          "cross_entropy_target_negative",
          [] {
            return nn::cross_entropy(npg::ones({2, 3}), i64({-1, 0}));
          },
          "cross_entropy: target -1 (at flat index 0) is out of range for 3 "
          "classes"),
      fails(
          "cross_entropy_reduction",
          [] {
            return nn::cross_entropy(npg::ones({2, 3}), i64({0, 1}), "avg");
          },
          "not \"avg\""),
      gives(
          "cross_entropy_nan",
          [] {
            return nn::cross_entropy(npg::array({{nan, 0.0}}), i64({1}));
          },
          [] { return scalar(nan); }),
      gives(
          "cross_entropy_all_ignored",
          [] {
            return nn::cross_entropy(npg::ones({2, 3}), i64({-100, -100}));
          },
          [] { return scalar(nan); }),
      gives(
          "cross_entropy_empty_batch",
          [] {
            return nn::cross_entropy(npg::ones({0, 3}),
                                     npg::zeros({0}, npg::int64), "sum");
          },
          [] { return scalar(0); }),
      fails(
          "linear_in_features",
          [] {
            return npg::nn::Linear(3, 2)(npg::ones({4, 5}));
          },
          "Linear: the input has shape (4,5), but in_features is 3"),
      fails(
          "linear_negative_features",
          [] { return npg::nn::Linear(-1, 2).weight; },
          "Linear: in_features and out_features must be non-negative, got -1 "
          "and 2"),
      gives(
          "linear_empty_batch",
          [] {
            return npg::nn::Linear(3, 2)(npg::ones({0, 3}));
          },
          [] {
            return npg::zeros({0, 2});
          }),
      fails(
          "cross_entropy_spatial_target",
          [] {
            return nn::cross_entropy(npg::ones({2, 3, 4}),
                                     npg::zeros({2, 3}, npg::int64));
          },
          "cross_entropy: logits of shape (2,3,4) need a target of shape "
          "(2,4)"),
      fails("sgd_empty", call([] { optim::SGD(std::vector<Array>{}); }),
            "SGD: got an empty parameter list"),
      fails("sgd_int_parameter", call([] { optim::SGD({npg::arange(3)}); }),
            "SGD: parameter 0 has dtype int64; parameters must be float32 or "
            "float64"),
      fails("sgd_undefined", call([] { optim::SGD({Array()}); }),
            "SGD: parameter 0 is undefined"),
      fails("sgd_not_leaf",
            call([] { optim::SGD({npg::ones({2}, true) * 2}); }),
            "SGD: parameter 0 (shape (2,)) is not a leaf array"),
      fails("sgd_twice", call([] {
              Array p = npg::ones({2}, true);
              optim::SGD({p, p});
            }),
            "SGD: parameter 1 appears twice in the parameter list (also at 0)"),
      fails("sgd_negative_lr",
            call([] { optim::SGD({npg::ones({2}, true)}, {.lr = -1}); }),
            "SGD: invalid learning rate: -1"),
      fails("sgd_nan_lr",
            call([] { optim::SGD({npg::ones({2}, true)}, {.lr = nan}); }),
            "SGD: invalid learning rate: nan"),
      fails("adam_beta", call([] {
              optim::Adam({npg::ones({2}, true)}, {.betas = {1.0, 0.999}});
            }),
            "Adam: invalid beta parameter at index 0: 1"),
      fails("adam_beta2", call([] {
              optim::Adam({npg::ones({2}, true)}, {.betas = {0.9, -0.1}});
            }),
            "Adam: invalid beta parameter at index 1: -0.1"),
      fails("adam_nan_eps",
            call([] { optim::Adam({npg::ones({2}, true)}, {.eps = nan}); }),
            "Adam: invalid epsilon value: nan"),
      fails("adamw_weight_decay", call([] {
              optim::AdamW({npg::ones({2}, true)}, {.weight_decay = -1});
            }),
            "AdamW: invalid weight_decay value: -1"),
      fails("load_state_dict_shape", call([] {
              optim::Adam opt({npg::ones({2}, true)});
              opt.load_state_dict({{"0.exp_avg", npg::zeros({3})}});
            }),
            "'0.exp_avg' has shape (3,), but the state of parameter 0 has "
            "shape (2,)"),
      fails("load_state_dict_index", call([] {
              optim::Adam opt({npg::ones({2}, true)});
              opt.load_state_dict({{"5.exp_avg", npg::zeros({2})}});
            }),
            "key '5.exp_avg' names parameter 5, but there are 1"),
      fails(
          "from_npy_garbage", [] { return npg::from_npy("not a npy file"); },
          "<bytes>"),
      fails(
          "from_npy_truncated",
          [] {
            const std::string bytes = npg::to_npy(m23());
            return npg::from_npy(
                std::string_view(bytes).substr(0, bytes.size() - 1));
          },
          "<bytes>"),
      fails(
          "load_missing", [] { return npg::load("/nonexistent/npg/x.npy"); },
          "/nonexistent/npg/x.npy"),
      fails(
          "from_npy_huge_shape",
          [] {
            return npg::from_npy(
                npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': "
                           "(1099511627776, 1024), }"));
          },
          "<bytes>: truncated data: shape (1099511627776,1024) of dtype "
          "float64 needs "
          "9007199254740992 bytes, the file has 0"),
      fails(
          "from_npy_shape_overflows",
          [] {
            return npg::from_npy(
                npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': "
                           "(4294967296, 4294967296), }"));
          },
          "<bytes>: the shape (4294967296,4294967296) of dtype float64 has "
          "more bytes than "
          "can be addressed"),
      fails(
          "from_npy_extent_overflows",
          [] {
            return npg::from_npy(
                npy_header("{'descr': '<f8', 'fortran_order': False, 'shape': "
                           "(99999999999999999999,), }"));
          },
          "a shape extent that fits in int64"),
      fails(
          "loadz_zip64_locator_out_of_range",
          [] {
            // A zip64 locator pointing 2^64 - 2 bytes into the file.
            std::string zip(42, '\0');
            auto put = [&](std::size_t at, std::uint64_t v, int width) {
              for (int i = 0; i < width; ++i)
                zip[at + i] = static_cast<char>(v >> (8 * i));
            };
            put(0, 0x07064b50, 4);
            put(8, ~std::uint64_t{1}, 8);
            put(20, 0x06054b50, 4);
            put(30, 0xFFFF, 2);
            const auto path = temp_file("zip64.npz", zip);
            struct Remove {
              std::filesystem::path p;
              ~Remove() { std::filesystem::remove(p); }
            } remove{path};
            return npg::loadz(path).empty() ? npg::array(false) : yes();
          },
          "is not a valid .npz archive: a record runs past the end of the "
          "file"),
      fails("save_unwritable",
            call([] { npg::save("/nonexistent/npg/x.npy", m23()); }),
            "/nonexistent/npg/x.npy"),
      fails("savez_unwritable", call([] {
              npg::savez("/nonexistent/npg/x.npz", {{"a", m23()}});
            }),
            "/nonexistent/npg/x.npz"),
      gives(
          "npy_roundtrip_empty",
          [] { return npg::from_npy(npg::to_npy(empty03())); },
          [] { return empty03(); }),
      gives(
          "npy_roundtrip_nan",
          [] {
            return npg::from_npy(npg::to_npy(f64({nan, -inf})));
          },
          [] {
            return f64({nan, -inf});
          }),
      gives(
          "npy_roundtrip_0d",
          [] { return npg::from_npy(npg::to_npy(scalar(3))); },
          [] { return scalar(3); }),
      fails(
          "compile_bad_shapes",
          [] {
            auto f = npg::compile(
                [](const Array &a, const Array &b) { return a + b; });
            return f(npg::ones({2}), npg::ones({3}));
          },
          "shapes (2,) (3,)"),
      gives(
          "compile_empty",
          [] {
            auto f =
                npg::compile([](const Array &a) { return (a * 2).sum(0); });
            return f(empty03());
          },
          [] { return npg::zeros({3}); }),
      gives(
          "compile_0d",
          [] {
            auto f =
                npg::compile([](const Array &a) { return npg::exp(a) + 1; });
            return f(scalar(0));
          },
          [] { return scalar(2); }),
      gives(
          "compile_nan",
          [] {
            auto f =
                npg::compile([](const Array &a) { return npg::relu(a).max(); });
            return f(f64({1, nan, 3}));
          },
          [] { return scalar(nan); }),
      fails(
          "compile_max_empty",
          [] {
            auto f = npg::compile([](const Array &a) { return a.max(); });
            return f(empty0());
          },
          "zero-size array to reduction operation maximum which has no "
          "identity"),
      gives(
          "compile_grad_inf",
          [] {
            Array x = f64({inf, 1});
            x.requires_grad_();
            auto f = npg::compile([](const Array &a) { return (a * a).sum(); });
            f(x).backward();
            return *x.grad();
          },
          [] {
            return f64({inf, 2});
          }),
  };
}

std::string row_name(const ::testing::TestParamInfo<Row> &info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Creation, BadInput,
                         ::testing::ValuesIn(creation_rows()), row_name);
INSTANTIATE_TEST_SUITE_P(Random, BadInput, ::testing::ValuesIn(random_rows()),
                         row_name);
INSTANTIATE_TEST_SUITE_P(Elementwise, BadInput,
                         ::testing::ValuesIn(elementwise_rows()), row_name);
INSTANTIATE_TEST_SUITE_P(Reduction, BadInput,
                         ::testing::ValuesIn(reduction_rows()), row_name);
INSTANTIATE_TEST_SUITE_P(Shape, BadInput, ::testing::ValuesIn(shape_rows()),
                         row_name);
INSTANTIATE_TEST_SUITE_P(Library, BadInput, ::testing::ValuesIn(library_rows()),
                         row_name);

// --- Non-contiguous views
// ------------------------------------------------------ Every op on a
// transposed, strided, offset or broadcast view gives what it gives on a
// contiguous copy of the same values.

struct ViewRow {
  std::string name;
  std::function<Array(const Array &)> op;
};

std::ostream &operator<<(std::ostream &os, const ViewRow &row) {
  return os << row.name;
}

/// Views of 4x6 float64 data with negative, zero and NaN/inf values.
std::vector<std::pair<std::string, Array>> views() {
  const Array base = npg::sin(npg::arange(48.0) * 0.7).reshape({4, 12}) * 3.0;
  Array withnan = base.copy();
  withnan.select(0, 1).select(0, 4).fill(nan);
  withnan.select(0, 3).select(0, 5).fill(-inf);
  return {
      {"transposed", base.reshape({6, 8}).slice(1, 2, 6).transpose()},
      {"strided", base.slice(1, 1, std::nullopt, 2)},
      {"reversed",
       base.slice(0, std::nullopt, std::nullopt, -1).slice(1, 2, 8)},
      {"broadcast", base.select(0, 2).slice(0, 0, 6).broadcast_to({4, 6})},
      {"nan_transposed", withnan.slice(1, 3, 9).transpose().transpose()},
  };
}

class NonContiguous : public ::testing::TestWithParam<ViewRow> {};

TEST_P(NonContiguous, MatchesTheContiguousCopy) {
  for (const auto &[what, view] : views()) {
    SCOPED_TRACE(what);
    const Array copy = view.contiguous();
    ASSERT_TRUE(copy.is_contiguous());
    ASSERT_FALSE(view.is_contiguous());
    const Array a = GetParam().op(view), b = GetParam().op(copy);
    EXPECT_EQ(a.dtype(), b.dtype());
    EXPECT_TRUE(ArraysClose(a, b, 1e-14, 1e-14));
  }
}

std::vector<ViewRow> view_rows() {
  return {
      {"neg", [](const Array &x) { return -x; }},
      {"exp", [](const Array &x) { return npg::exp(x); }},
      {"log", [](const Array &x) { return npg::log(npg::abs(x)); }},
      {"tanh", [](const Array &x) { return npg::tanh(x); }},
      {"sigmoid", [](const Array &x) { return npg::sigmoid(x); }},
      {"relu", [](const Array &x) { return npg::relu(x); }},
      {"sign", [](const Array &x) { return npg::sign(x); }},
      {"softplus", [](const Array &x) { return npg::softplus(x); }},
      {"gelu", [](const Array &x) { return npg::gelu(x); }},
      {"floor", [](const Array &x) { return npg::floor(x); }},
      {"round", [](const Array &x) { return npg::round(x, 1); }},
      {"isnan", [](const Array &x) { return npg::isnan(x); }},
      {"add_self", [](const Array &x) { return x + x; }},
      {"mul_row", [](const Array &x) { return x * x.select(0, 0); }},
      {"sub_col", [](const Array &x) { return x - x.slice(1, 0, 1); }},
      {"div", [](const Array &x) { return x / (npg::abs(x) + 1); }},
      {"pow", [](const Array &x) { return npg::pow(npg::abs(x), 1.5); }},
      {"maximum",
       [](const Array &x) { return npg::maximum(x, x.T().T() * 0.5); }},
      {"clip", [](const Array &x) { return npg::clip(x, -1.0, 1.0); }},
      {"where", [](const Array &x) { return npg::where(x > 0, x, 0.0); }},
      {"compare",
       [](const Array &x) { return x <= x.select(1, 0).unsqueeze(1); }},
      {"astype_int",
       [](const Array &x) {
         return npg::clip(x, -9.0, 9.0).astype(npg::int64);
       }},
      {"astype_float32", [](const Array &x) { return x.astype(npg::float32); }},
      {"sum", [](const Array &x) { return x.sum(); }},
      {"sum_axis0", [](const Array &x) { return x.sum(0); }},
      {"sum_axis1_keep", [](const Array &x) { return x.sum(1, true); }},
      {"mean", [](const Array &x) { return x.mean(0); }},
      {"max", [](const Array &x) { return x.max(1); }},
      {"min", [](const Array &x) { return x.min(); }},
      {"prod", [](const Array &x) { return x.prod(0); }},
      {"argmax", [](const Array &x) { return x.argmax(0); }},
      {"argmin_flat", [](const Array &x) { return x.argmin(); }},
      {"var", [](const Array &x) { return x.var(1, 1); }},
      {"std", [](const Array &x) { return x.std(0); }},
      {"logsumexp", [](const Array &x) { return x.logsumexp(1); }},
      {"softmax", [](const Array &x) { return x.softmax(0); }},
      {"log_softmax", [](const Array &x) { return x.log_softmax(); }},
      {"cumsum", [](const Array &x) { return x.cumsum(1); }},
      {"cumprod_flat", [](const Array &x) { return x.cumprod(); }},
      {"all", [](const Array &x) { return (x > -2).all(0); }},
      {"any", [](const Array &x) { return (x > 2).any(1); }},
      {"matmul", [](const Array &x) { return npg::matmul(x, x.T()); }},
      {"matmul_left", [](const Array &x) { return npg::matmul(x.T(), x); }},
      {"matmul_vector",
       [](const Array &x) { return npg::matmul(x, x.select(0, 1)); }},
      {"reshape",
       [](const Array &x) {
         return x.reshape({2, -1});
       }},
      {"flatten", [](const Array &x) { return x.flatten(); }},
      {"transpose", [](const Array &x) { return x.T().contiguous(); }},
      {"slice",
       [](const Array &x) { return x.slice(1, 1, std::nullopt, 2).copy(); }},
      {"sort", [](const Array &x) { return npg::sort(x, 1); }},
      {"sort_axis0", [](const Array &x) { return npg::sort(x, 0); }},
      {"nonzero", [](const Array &x) { return npg::nonzero(x > 0)[1]; }},
      {"mse", [](const Array &x) { return npg::nn::mse(x, x.T().T() * 0.5); }},
      {"cross_entropy",
       [](const Array &x) {
         return npg::nn::cross_entropy(x, npg::array({0, 5, 2, 3}, npg::int64),
                                       "none");
       }},
      {"npy", [](const Array &x) { return npg::from_npy(npg::to_npy(x)); }},
      {"compile",
       [](const Array &x) {
         auto f = npg::compile([](const Array &a) {
           return (npg::exp(a * 0.5) + a.sum(0)).max(1);
         });
         return f(x);
       }},
      {"in_place",
       [](const Array &x) {
         Array y = npg::zeros({4, 6});
         y += x;
         y *= x;
         return y;
       }},
      {"assign",
       [](const Array &x) {
         return npg::zeros({4, 6}).assign(x);
       }},
      {"gradient",
       [](const Array &x) {
         Array p = x.detach();
         p.requires_grad_();
         (npg::tanh(p) * npg::exp(p * 0.1)).sum().backward();
         return *p.grad();
       }},
  };
}

std::string view_row_name(const ::testing::TestParamInfo<ViewRow> &info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Ops, NonContiguous, ::testing::ValuesIn(view_rows()),
                         view_row_name);

} // namespace
