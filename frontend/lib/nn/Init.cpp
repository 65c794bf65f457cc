// nn::init: in-place initialisation with PyTorch's formulas.

#include "npg/nn/Init.h"
#include "npg/Random.h"
#include "npg/npg.h"

#include <cmath>

namespace npg::nn::init {

namespace {

/// Writes `values` into a's storage, outside the graph.
Array fill_with(const Array &a, const Array &values) {
  NoGradGuard no_grad;
  Array target = a;
  target.assign(values);
  return target;
}

DType random_dtype(const Array &a, const char *fn) {
  if (!is_floating(a.dtype()))
    fail("init::", fn, ": the array must be float32 or float64, not ",
         a.dtype());
  return a.dtype();
}

std::int64_t fan(const Array &w, const std::string &mode, const char *fn) {
  const auto [fan_in, fan_out] = calculate_fan_in_and_fan_out(w);
  if (mode == "fan_in")
    return fan_in;
  if (mode == "fan_out")
    return fan_out;
  fail("init::", fn, ": mode must be \"fan_in\" or \"fan_out\", not \"", mode,
       "\"");
}

} // namespace

double calculate_gain(const std::string &nonlinearity,
                      std::optional<double> param) {
  if (nonlinearity == "linear" || nonlinearity == "sigmoid" ||
      nonlinearity.rfind("conv", 0) == 0)
    return 1;
  if (nonlinearity == "tanh")
    return 5.0 / 3;
  if (nonlinearity == "relu")
    return std::sqrt(2.0);
  if (nonlinearity == "leaky_relu") {
    const double slope = param.value_or(0.01);
    return std::sqrt(2.0 / (1 + slope * slope));
  }
  if (nonlinearity == "selu")
    return 3.0 / 4;
  fail("init::calculate_gain: unsupported nonlinearity '", nonlinearity,
       "'; expected linear, conv1d/2d/3d, sigmoid, tanh, relu, leaky_relu or "
       "selu");
}

std::pair<std::int64_t, std::int64_t>
calculate_fan_in_and_fan_out(const Array &w) {
  if (w.ndim() < 2)
    fail("init: fan in and fan out can not be computed for an array with "
         "fewer than 2 dimensions (shape ",
         format_shape(w.shape()), ")");
  std::int64_t receptive = 1;
  for (std::int64_t i = 2; i < w.ndim(); ++i)
    receptive *= w.shape()[i];
  return {w.shape()[1] * receptive, w.shape()[0] * receptive};
}

Array uniform_(const Array &a, double low, double high) {
  if (!(low <= high))
    fail("init::uniform_: low must not exceed high (low=", low, ", high=", high,
         ")");
  return fill_with(
      a, random::uniform(low, high, a.shape(), random_dtype(a, "uniform_")));
}

Array normal_(const Array &a, double mean, double std) {
  if (!(std >= 0))
    fail("init::normal_: std must be non-negative, got ", std);
  return fill_with(
      a, random::normal(mean, std, a.shape(), random_dtype(a, "normal_")));
}

Array constant_(const Array &a, Scalar value) {
  return fill_with(a, full({}, value, a.dtype()));
}
Array zeros_(const Array &a) { return constant_(a, 0); }
Array ones_(const Array &a) { return constant_(a, 1); }

Array kaiming_uniform_(const Array &w, double a, const std::string &mode,
                       const std::string &nonlinearity) {
  const std::int64_t f = fan(w, mode, "kaiming_uniform_");
  const double std =
      f > 0 ? calculate_gain(nonlinearity, a) / std::sqrt(double(f)) : 0;
  const double bound = std::sqrt(3.0) * std;
  return uniform_(w, -bound, bound);
}

Array kaiming_normal_(const Array &w, double a, const std::string &mode,
                      const std::string &nonlinearity) {
  const std::int64_t f = fan(w, mode, "kaiming_normal_");
  const double std =
      f > 0 ? calculate_gain(nonlinearity, a) / std::sqrt(double(f)) : 0;
  return normal_(w, 0, std);
}

Array xavier_uniform_(const Array &w, double gain) {
  const auto [fan_in, fan_out] = calculate_fan_in_and_fan_out(w);
  const double std =
      fan_in + fan_out > 0
          ? gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out))
          : 0;
  const double bound = std::sqrt(3.0) * std;
  return uniform_(w, -bound, bound);
}

Array xavier_normal_(const Array &w, double gain) {
  const auto [fan_in, fan_out] = calculate_fan_in_and_fan_out(w);
  const double std =
      fan_in + fan_out > 0
          ? gain * std::sqrt(2.0 / static_cast<double>(fan_in + fan_out))
          : 0;
  return normal_(w, 0, std);
}

} // namespace npg::nn::init
