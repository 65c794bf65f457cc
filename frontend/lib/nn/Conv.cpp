// nn::Conv2d: parameters with PyTorch's initialisation around npg::conv2d.

#include "npg/nn/Conv.h"
#include "npg/nn/Init.h"
#include "npg/npg.h"

#include <cmath>
#include <sstream>

namespace npg::nn {

Conv2d::Conv2d(std::int64_t in, std::int64_t out, Size2 kernel, Size2 stride_,
               Size2 padding_, bool with_bias, DType dtype)
    : Module("Conv2d"), in_channels(in), out_channels(out), kernel_size(kernel),
      stride(stride_), padding(padding_) {
  if (in <= 0 || out <= 0)
    fail("Conv2d: in_channels and out_channels must be positive, got ", in,
         " and ", out);
  if (kernel.h <= 0 || kernel.w <= 0)
    fail("Conv2d: kernel_size must be positive, got (", kernel.h, ", ",
         kernel.w, ")");
  if (stride.h <= 0 || stride.w <= 0)
    fail("Conv2d: non-positive stride is not supported, got stride (", stride.h,
         ", ", stride.w, ")");
  if (padding.h < 0 || padding.w < 0)
    fail("Conv2d: negative padding is not supported, got padding (", padding.h,
         ", ", padding.w, ")");
  if (!is_floating(dtype))
    fail("Conv2d: dtype must be float32 or float64, not ", dtype);
  weight =
      register_parameter("weight", empty({out, in, kernel.h, kernel.w}, dtype));
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (with_bias) {
    bias = register_parameter("bias", empty({out}, dtype));
    const auto fan_in = static_cast<double>(in * kernel.h * kernel.w);
    const double bound = 1 / std::sqrt(fan_in);
    init::uniform_(bias, -bound, bound);
  }
}

Array Conv2d::forward(const Array &x) {
  return conv2d(x, weight,
                bias.defined() ? std::optional<Array>(bias) : std::nullopt,
                stride, padding);
}

std::string Conv2d::extra_repr() const {
  // As torch::nn::Conv2d prints itself.
  std::ostringstream os;
  os << in_channels << ", " << out_channels << ", kernel_size=["
     << kernel_size.h << ", " << kernel_size.w << "], stride=[" << stride.h
     << ", " << stride.w << "]";
  if (padding.h != 0 || padding.w != 0)
    os << ", padding=[" << padding.h << ", " << padding.w << "]";
  if (!bias.defined())
    os << ", bias=false";
  return os.str();
}

} // namespace npg::nn
