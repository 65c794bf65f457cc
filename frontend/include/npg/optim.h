#pragma once
// npg::optim: optimizers that update parameters in place from their
// gradients, with torch::optim's update rules (SGD, Adam, AdamW).
//
//   npg::optim::AdamW opt(model.parameters(), {.lr = 1e-3});
//   opt.zero_grad();
//   loss.backward();
//   opt.step();
#include "npg/Array.h"
#include "npg/NamedArrays.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace npg::optim {

class Optimizer {
public:
  /// `params`: leaf floating arrays (a module's parameters()).
  explicit Optimizer(std::vector<Array> params, std::string type_name);
  virtual ~Optimizer();
  Optimizer(const Optimizer &) = delete;
  Optimizer &operator=(const Optimizer &) = delete;

  /// Updates every parameter that has a gradient, in place, under
  /// NoGradGuard (parameters without a gradient are skipped). Inside
  /// npg::compile, the update is compiled too: each call writes the
  /// parameters and state back, and reads the options' numbers (a changed
  /// lr) and step counts afresh.
  virtual void step(Loc loc = Loc::current()) = 0;
  /// Empties every parameter's gradient (grad() becomes empty).
  void zero_grad(Loc loc = Loc::current());
  const std::vector<Array> &parameters() const { return params_; }

  /// The per-parameter state, keyed "<parameter index>.<name>": e.g.
  /// "0.exp_avg", "0.exp_avg_sq", "0.step" (a 0-d int64 array). Copies.
  NamedArrays state_dict() const;
  /// Restores state from state_dict(); throws naming an unknown key, a
  /// parameter index out of range, or a shape mismatch.
  void load_state_dict(const NamedArrays &state);

protected:
  /// Parameter i's state array `name` (a handle: update it with assign()),
  /// made as zeros like the parameter the first time it is asked for.
  /// (Inside a trace, a compiled call reads and writes it in memory.)
  Array state(std::size_t i, const std::string &name);
  bool has_state(std::size_t i, const std::string &name) const;
  /// Parameter i's step count (incremented by the optimizer; a double, so
  /// that a compiled step reads and writes it as ext::host_scalar).
  double &steps(std::size_t i) { return steps_[i]; }
  /// The state names this optimizer uses (for load_state_dict's checks).
  virtual std::vector<std::string> state_names() const = 0;

private:
  std::string type_name_;
  std::vector<Array> params_;
  std::vector<NamedArrays> state_;
  std::vector<double> steps_;
};

struct SGDOptions {
  double lr = 0.01;
  double momentum = 0;
  double dampening = 0;
  double weight_decay = 0;
  bool nesterov = false;
};

/// torch::optim::SGD: g += weight_decay·p; with momentum, buf = momentum·buf
/// + (1 - dampening)·g (buf = g at the first step) and g = buf, or g +=
/// momentum·buf with nesterov; p -= lr·g.
class SGD : public Optimizer {
public:
  SGD(std::vector<Array> params, SGDOptions options = {});
  void step(Loc loc = Loc::current()) override;
  SGDOptions options;

protected:
  std::vector<std::string> state_names() const override;
};

struct AdamOptions {
  double lr = 1e-3;
  std::pair<double, double> betas = {0.9, 0.999};
  double eps = 1e-8;
  double weight_decay = 0;
  bool amsgrad = false;
};

/// torch::optim::Adam; weight_decay adds weight_decay·p to the gradient.
class Adam : public Optimizer {
public:
  Adam(std::vector<Array> params, AdamOptions options = {});
  void step(Loc loc = Loc::current()) override;
  AdamOptions options;

protected:
  Adam(std::vector<Array> params, AdamOptions options, std::string type_name,
       bool decoupled);
  std::vector<std::string> state_names() const override;

private:
  bool decoupled_;
};

struct AdamWOptions {
  double lr = 1e-3;
  std::pair<double, double> betas = {0.9, 0.999};
  double eps = 1e-8;
  double weight_decay = 1e-2;
  bool amsgrad = false;
};

/// torch::optim::AdamW: Adam with decoupled weight decay, p *= 1 -
/// lr·weight_decay before the Adam update.
class AdamW : public Adam {
public:
  AdamW(std::vector<Array> params, AdamWOptions options = {});
};

} // namespace npg::optim
