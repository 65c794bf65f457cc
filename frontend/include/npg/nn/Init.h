#pragma once
// In-place initialisation of parameters, as torch::nn::init. Each function
// writes into the array's storage under NoGradGuard (so it works on
// parameters that require grad), draws from npg::random's default
// generator, and returns the same array.
#include "npg/Array.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace npg::nn::init {

/// The recommended gain for a nonlinearity: "linear", "sigmoid", "conv*" 1,
/// "tanh" 5/3, "relu" sqrt(2), "leaky_relu" sqrt(2 / (1 + slope^2)) (slope
/// `param`, default 0.01), "selu" 3/4.
double calculate_gain(const std::string &nonlinearity,
                      std::optional<double> param = std::nullopt);
/// (fan_in, fan_out) of a weight of shape (out, in, receptive field...).
std::pair<std::int64_t, std::int64_t>
calculate_fan_in_and_fan_out(const Array &weight);

Array uniform_(const Array &a, double low = 0, double high = 1);
Array normal_(const Array &a, double mean = 0, double std = 1);
Array constant_(const Array &a, Scalar value);
Array zeros_(const Array &a);
Array ones_(const Array &a);
/// U(-b, b) with b = gain * sqrt(3 / fan), gain from `nonlinearity` and
/// `a` (the negative slope); mode "fan_in" or "fan_out".
Array kaiming_uniform_(const Array &w, double a = 0,
                       const std::string &mode = "fan_in",
                       const std::string &nonlinearity = "leaky_relu");
/// N(0, std^2) with std = gain / sqrt(fan).
Array kaiming_normal_(const Array &w, double a = 0,
                      const std::string &mode = "fan_in",
                      const std::string &nonlinearity = "leaky_relu");
/// U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out)).
Array xavier_uniform_(const Array &w, double gain = 1);
/// N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)).
Array xavier_normal_(const Array &w, double gain = 1);

} // namespace npg::nn::init
