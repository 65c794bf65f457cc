#pragma once
// nn::Conv2d: a 2-D convolution layer over npg::conv2d, as torch::nn::Conv2d
// (groups = 1, dilation = 1, zero padding).
#include "npg/Ops.h"
#include "npg/nn/Module.h"

#include <cstdint>
#include <string>

namespace npg::nn {

/// y = conv2d(x, weight, bias, stride, padding) with weight of shape
/// (out_channels, in_channels, kH, kW) and bias (out_channels). As PyTorch:
/// weight ~ kaiming_uniform(a = sqrt(5)), i.e. U(-1/sqrt(fan_in),
/// 1/sqrt(fan_in)), and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)), where
/// fan_in = in_channels * kH * kW.
class Conv2d : public Module {
public:
  Conv2d(std::int64_t in_channels, std::int64_t out_channels, Size2 kernel_size,
         Size2 stride = 1, Size2 padding = 0, bool bias = true,
         DType dtype = float64);
  /// input (N, in_channels, H, W) or unbatched (in_channels, H, W).
  Array forward(const Array &input) override;

  std::int64_t in_channels, out_channels;
  Size2 kernel_size, stride, padding;
  Array weight;
  /// Undefined without a bias.
  Array bias;

protected:
  std::string extra_repr() const override;
};

} // namespace npg::nn
