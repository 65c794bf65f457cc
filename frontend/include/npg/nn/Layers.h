#pragma once
// The standard layers: containers, Linear, MLP, activations, LayerNorm and
// Dropout, with PyTorch's conventions and default initialisations.
#include "npg/nn/Module.h"

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace npg::nn {

/// Applies its modules in order; they are named "0", "1", ...
class Sequential : public Module {
public:
  Sequential();
  Sequential(std::initializer_list<std::shared_ptr<Module>> modules);
  /// Appends `module`, named by its position.
  void push_back(std::shared_ptr<Module> module);
  Array forward(const Array &input) override;
  std::size_t size() const { return named_children().size(); }
  std::shared_ptr<Module> operator[](std::size_t index) const;

protected:
  explicit Sequential(std::string type_name);
};

/// y = x W^T + b with W of shape (out_features, in_features), as
/// torch::nn::Linear. W ~ kaiming_uniform(a = sqrt(5)), i.e.
/// U(-1/sqrt(in), 1/sqrt(in)), and b ~ U(-1/sqrt(in), 1/sqrt(in)).
class Linear : public Module {
public:
  Linear(std::int64_t in_features, std::int64_t out_features, bool bias = true,
         DType dtype = float64);
  Array forward(const Array &input) override;

  std::int64_t in_features, out_features;
  Array weight;
  /// Undefined without a bias.
  Array bias;

protected:
  std::string extra_repr() const override;
};

/// A module applying an elementwise function (ReLU, Tanh, ...).
class Activation : public Module {
public:
  Activation(std::string type_name, std::function<Array(const Array &)> fn)
      : Module(std::move(type_name)), fn_(std::move(fn)) {}
  Array forward(const Array &input) override { return fn_(input); }

private:
  std::function<Array(const Array &)> fn_;
};

struct ReLU : Activation {
  ReLU();
};
struct Tanh : Activation {
  Tanh();
};
struct Sigmoid : Activation {
  Sigmoid();
};
/// The tanh approximation, as npg::gelu.
struct GELU : Activation {
  GELU();
};
struct Softplus : Activation {
  Softplus();
};
struct Identity : Activation {
  Identity();
};

/// An activation module by name: "relu", "tanh", "sigmoid", "gelu",
/// "softplus" or "identity".
std::shared_ptr<Module> make_activation(const std::string &name);

/// Linear layers of widths in -> hidden... -> out with `activation` between
/// them (none after the last): a Sequential named "0", "1", ...
class MLP : public Sequential {
public:
  using Factory = std::function<std::shared_ptr<Module>()>;
  MLP(std::int64_t in_features, const std::vector<std::int64_t> &hidden,
      std::int64_t out_features, const std::string &activation = "relu",
      DType dtype = float64);
  MLP(std::int64_t in_features, const std::vector<std::int64_t> &hidden,
      std::int64_t out_features, const Factory &activation,
      DType dtype = float64);
};

/// Normalises over the trailing axes `normalized_shape` to zero mean and
/// unit variance (biased), then scales by weight (ones) and shifts by bias
/// (zeros), as torch::nn::LayerNorm.
class LayerNorm : public Module {
public:
  explicit LayerNorm(Shape normalized_shape, double eps = 1e-5,
                     bool elementwise_affine = true, DType dtype = float64);
  Array forward(const Array &input) override;

  Shape normalized_shape;
  double eps;
  Array weight, bias; // undefined without elementwise_affine

protected:
  std::string extra_repr() const override;
};

/// In training mode, zeroes each element with probability p (drawn from
/// npg::random's default generator) and scales the others by 1 / (1 - p);
/// in evaluation mode, the identity.
class Dropout : public Module {
public:
  explicit Dropout(double p = 0.5);
  Array forward(const Array &input) override;
  double p;

protected:
  std::string extra_repr() const override;
};

/// PyTorch's Flatten: dimensions start_dim..end_dim (negative ones count
/// from the end) merged into one, so (N, C, H, W) becomes (N, C*H*W) by
/// default. A reshape: traced and differentiable as one.
class Flatten : public Module {
public:
  explicit Flatten(std::int64_t start_dim = 1, std::int64_t end_dim = -1);
  Array forward(const Array &input) override;
  std::int64_t start_dim, end_dim;

protected:
  std::string extra_repr() const override;
};

} // namespace npg::nn
