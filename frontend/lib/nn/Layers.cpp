// The standard layers, written with npg's ops: their gradients and traces
// come from the ops they use.

#include "npg/nn/Layers.h"
#include "npg/Random.h"
#include "npg/nn/Init.h"
#include "npg/npg.h"

#include <cmath>
#include <sstream>

namespace npg::nn {

// --- Sequential
// ------------------------------------------------------------------

Sequential::Sequential() : Module("Sequential") {}
Sequential::Sequential(std::string type_name) : Module(std::move(type_name)) {}

Sequential::Sequential(std::initializer_list<std::shared_ptr<Module>> modules)
    : Module("Sequential") {
  for (const auto &m : modules)
    push_back(m);
}

void Sequential::push_back(std::shared_ptr<Module> module) {
  register_module(std::to_string(size()), std::move(module));
}

Array Sequential::forward(const Array &input) {
  Array x = input;
  for (const auto &[name, m] : named_children())
    x = m->forward(x);
  return x;
}

std::shared_ptr<Module> Sequential::operator[](std::size_t index) const {
  if (index >= size())
    fail(type_name(), " index ", index, " is out of range for ", size(),
         " modules");
  return named_children()[index].second;
}

// --- Linear
// ------------------------------------------------------------------------

Linear::Linear(std::int64_t in, std::int64_t out, bool with_bias, DType dtype)
    : Module("Linear"), in_features(in), out_features(out) {
  if (in < 0 || out < 0)
    fail("Linear: in_features and out_features must be non-negative, got ", in,
         " and ", out);
  if (!is_floating(dtype))
    fail("Linear: dtype must be float32 or float64, not ", dtype);
  weight = register_parameter("weight", empty({out, in}, dtype));
  init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (with_bias) {
    bias = register_parameter("bias", empty({out}, dtype));
    const double bound = in > 0 ? 1 / std::sqrt(static_cast<double>(in)) : 0;
    init::uniform_(bias, -bound, bound);
  }
}

Array Linear::forward(const Array &x) {
  if (x.ndim() == 0 || x.shape().back() != in_features)
    fail("Linear: the input has shape ", format_shape(x.shape()),
         ", but in_features is ", in_features,
         " (the last axis must have that size)");
  const Array y = matmul(x, weight.T());
  return bias.defined() ? y + bias : y;
}

std::string Linear::extra_repr() const {
  std::ostringstream os;
  os << "in_features=" << in_features << ", out_features=" << out_features
     << ", bias=" << (bias.defined() ? "true" : "false");
  return os.str();
}

// --- Activations
// -------------------------------------------------------------------

ReLU::ReLU() : Activation("ReLU", [](const Array &x) { return relu(x); }) {}
Tanh::Tanh() : Activation("Tanh", [](const Array &x) { return tanh(x); }) {}
Sigmoid::Sigmoid()
    : Activation("Sigmoid", [](const Array &x) { return sigmoid(x); }) {}
GELU::GELU() : Activation("GELU", [](const Array &x) { return gelu(x); }) {}
Softplus::Softplus()
    : Activation("Softplus", [](const Array &x) { return softplus(x); }) {}
Identity::Identity()
    : Activation("Identity", [](const Array &x) { return x; }) {}

std::shared_ptr<Module> make_activation(const std::string &name) {
  if (name == "relu")
    return std::make_shared<ReLU>();
  if (name == "tanh")
    return std::make_shared<Tanh>();
  if (name == "sigmoid")
    return std::make_shared<Sigmoid>();
  if (name == "gelu")
    return std::make_shared<GELU>();
  if (name == "softplus")
    return std::make_shared<Softplus>();
  if (name == "identity")
    return std::make_shared<Identity>();
  fail("unknown activation '", name,
       "'; expected relu, tanh, sigmoid, gelu, softplus or identity");
}

// --- MLP
// -----------------------------------------------------------------------------

MLP::MLP(std::int64_t in, const std::vector<std::int64_t> &hidden,
         std::int64_t out, const std::string &activation, DType dtype)
    : MLP(in, hidden, out,
          Factory([activation] { return make_activation(activation); }),
          dtype) {
  make_activation(activation); // an unknown name throws even without layers
}

MLP::MLP(std::int64_t in, const std::vector<std::int64_t> &hidden,
         std::int64_t out, const Factory &activation, DType dtype)
    : Sequential("MLP") {
  std::int64_t width = in;
  for (std::int64_t h : hidden) {
    push_back(std::make_shared<Linear>(width, h, true, dtype));
    push_back(activation());
    width = h;
  }
  push_back(std::make_shared<Linear>(width, out, true, dtype));
}

// --- LayerNorm
// -----------------------------------------------------------------------

LayerNorm::LayerNorm(Shape shape, double eps, bool elementwise_affine,
                     DType dtype)
    : Module("LayerNorm"), normalized_shape(std::move(shape)), eps(eps) {
  if (elementwise_affine) {
    weight = register_parameter("weight", ones(normalized_shape, dtype));
    bias = register_parameter("bias", zeros(normalized_shape, dtype));
  }
}

Array LayerNorm::forward(const Array &x) {
  const auto k = static_cast<std::int64_t>(normalized_shape.size());
  bool fits = x.ndim() >= k;
  for (std::int64_t i = 0; fits && i < k; ++i)
    fits = x.shape()[x.ndim() - k + i] == normalized_shape[i];
  if (!fits)
    fail("LayerNorm: the input has shape ", format_shape(x.shape()),
         ", whose trailing axes must be the normalized_shape ",
         format_shape(normalized_shape));
  std::vector<std::int64_t> axes;
  for (std::int64_t i = x.ndim() - k; i < x.ndim(); ++i)
    axes.push_back(i);
  const Array centred = x - x.mean(axes, true);
  const Array var = (centred * centred).mean(axes, true);
  Array y = centred / sqrt(var + eps);
  if (weight.defined())
    y = y * weight + bias;
  return y;
}

std::string LayerNorm::extra_repr() const {
  std::ostringstream os;
  os << "normalized_shape=" << format_shape(normalized_shape) << ", eps=" << eps
     << ", elementwise_affine=" << (weight.defined() ? "true" : "false");
  return os.str();
}

// --- Dropout
// -------------------------------------------------------------------------

Dropout::Dropout(double p) : Module("Dropout"), p(p) {
  if (!(p >= 0 && p <= 1))
    fail("Dropout: p must be in [0, 1], got ", p);
}

Array Dropout::forward(const Array &x) {
  if (!is_training() || p == 0)
    return x;
  if (p == 1)
    return x * 0.0;
  const DType dtype = is_floating(x.dtype()) ? x.dtype() : float64;
  const Array keep = random::rand(x.shape(), dtype) >= p;
  return x * (keep.astype(dtype) / (1 - p));
}

std::string Dropout::extra_repr() const {
  std::ostringstream os;
  os << "p=" << p;
  return os.str();
}

// --- Flatten

Flatten::Flatten(std::int64_t start_dim, std::int64_t end_dim)
    : Module("Flatten"), start_dim(start_dim), end_dim(end_dim) {}

Array Flatten::forward(const Array &x) {
  const std::int64_t start = normalize_axis(start_dim, x.ndim());
  const std::int64_t end = normalize_axis(end_dim, x.ndim());
  if (start > end)
    fail("Flatten: start_dim cannot come after end_dim (start_dim=", start_dim,
         ", end_dim=", end_dim, " for input of shape ", format_shape(x.shape()),
         ")");
  Shape shape(x.shape().begin(), x.shape().begin() + start);
  std::int64_t merged = 1;
  for (std::int64_t d = start; d <= end; ++d)
    merged *= x.shape()[static_cast<std::size_t>(d)];
  shape.push_back(merged);
  shape.insert(shape.end(), x.shape().begin() + end + 1, x.shape().end());
  return x.reshape(shape);
}

std::string Flatten::extra_repr() const {
  std::ostringstream os;
  os << "start_dim=" << start_dim << ", end_dim=" << end_dim;
  return os.str();
}

} // namespace npg::nn
