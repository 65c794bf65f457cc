// npg::optim: the optimizer base (state, zero_grad, state_dict) and SGD,
// Adam and AdamW, whose arithmetic follows torch::optim's step by step (so
// that results agree to rounding).
#include "npg/Extension.h"
#include "npg/npg.h"

#include "npg/optim.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace npg::optim {

Optimizer::Optimizer(std::vector<Array> params, std::string type_name)
    : type_name_(std::move(type_name)), params_(std::move(params)),
      state_(params_.size()), steps_(params_.size(), 0) {
  if (params_.empty())
    fail(type_name_, ": got an empty parameter list");
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const Array &p = params_[i];
    if (!p.defined())
      fail(type_name_, ": parameter ", i, " is undefined");
    if (!p.is_leaf())
      fail(type_name_, ": parameter ", i, " (shape ", format_shape(p.shape()),
           ") is not a leaf array; optimizers update leaves");
    if (!is_floating(p.dtype()))
      fail(type_name_, ": parameter ", i, " has dtype ", p.dtype(),
           "; parameters must be float32 or float64");
    for (std::size_t j = 0; j < i; ++j)
      if (params_[j].impl() == p.impl())
        fail(type_name_, ": parameter ", i,
             " appears twice in the parameter list (also at ", j, ")");
  }
}

Optimizer::~Optimizer() = default;

void Optimizer::zero_grad(Loc loc) {
  refuse_in_trace("zero_grad()", loc);
  for (Array &p : params_)
    p.zero_grad(loc);
}

void Optimizer::refuse_in_trace(std::string_view what, const Loc &loc) const {
  ext::refuse_in_trace(
      type_name_ + "." + std::string(what),
      "an optimizer updates parameters and gradients in place, "
      "which a trace does not record; call it outside the traced "
      "function",
      loc);
}

Array Optimizer::state(std::size_t i, const std::string &name) {
  for (auto &[n, a] : state_[i])
    if (n == name)
      return a;
  state_[i].emplace_back(name, zeros_like(params_[i]));
  return state_[i].back().second;
}

bool Optimizer::has_state(std::size_t i, const std::string &name) const {
  return std::any_of(state_[i].begin(), state_[i].end(),
                     [&](const auto &s) { return s.first == name; });
}

NamedArrays Optimizer::state_dict() const {
  NamedArrays out;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const std::string prefix = std::to_string(i) + ".";
    if (steps_[i] > 0)
      out.emplace_back(prefix + "step", array(steps_[i]));
    for (const auto &[name, a] : state_[i])
      out.emplace_back(prefix + name, ext::copy_untracked(a));
  }
  return out;
}

void Optimizer::load_state_dict(const NamedArrays &dict) {
  const std::vector<std::string> names = state_names();
  // Check everything first, so that a bad dict changes nothing.
  struct Entry {
    std::size_t index;
    std::string name;
    const Array *value;
  };
  std::vector<Entry> entries;
  for (const auto &[key, a] : dict) {
    const std::size_t dot = key.find('.');
    std::size_t index = 0;
    const char *end = key.data() + (dot == std::string::npos ? 0 : dot);
    const auto [ptr, ec] = std::from_chars(key.data(), end, index);
    const std::string name =
        dot == std::string::npos ? std::string() : key.substr(dot + 1);
    if (dot == std::string::npos || ec != std::errc() || ptr != end ||
        (name != "step" &&
         std::find(names.begin(), names.end(), name) == names.end()))
      fail(type_name_, ".load_state_dict: unexpected key '", key,
           "' (expected <parameter index>.step or <parameter index>.<",
           names.empty() ? std::string("no state") : names.front(), ">)");
    if (index >= params_.size())
      fail(type_name_, ".load_state_dict: key '", key, "' names parameter ",
           index, ", but there are ", params_.size());
    if (!a.defined())
      fail(type_name_, ".load_state_dict: '", key, "' is undefined");
    const Shape want = name == "step" ? Shape{} : params_[index].shape();
    if (a.shape() != want)
      fail(type_name_, ".load_state_dict: '", key, "' has shape ",
           format_shape(a.shape()), ", but the state of parameter ", index,
           " has shape ", format_shape(want));
    entries.push_back({index, name, &a});
  }
  for (std::size_t i = 0; i < params_.size(); ++i) {
    state_[i].clear();
    steps_[i] = 0;
  }
  for (const Entry &e : entries) {
    if (e.name == "step") {
      steps_[e.index] = e.value->astype(int64).item<std::int64_t>();
    } else {
      NoGradGuard no_grad;
      state(e.index, e.name).assign(*e.value);
    }
  }
}

// --- SGD
// ---------------------------------------------------------------------------

SGD::SGD(std::vector<Array> params, SGDOptions o)
    : Optimizer(std::move(params), "SGD"), options(o) {
  if (!(o.lr >= 0))
    fail("SGD: invalid learning rate: ", o.lr);
  if (!(o.momentum >= 0))
    fail("SGD: invalid momentum value: ", o.momentum);
  if (!(o.weight_decay >= 0))
    fail("SGD: invalid weight_decay value: ", o.weight_decay);
  if (o.nesterov && (o.momentum <= 0 || o.dampening != 0))
    fail("SGD: nesterov momentum requires a momentum and zero dampening "
         "(momentum=",
         o.momentum, ", dampening=", o.dampening, ")");
}

std::vector<std::string> SGD::state_names() const {
  return {"momentum_buffer"};
}

void SGD::step(Loc loc) {
  refuse_in_trace("step()", loc);
  NoGradGuard no_grad;
  const SGDOptions &o = options;
  for (std::size_t i = 0; i < parameters().size(); ++i) {
    Array p = parameters()[i];
    if (!p.grad())
      continue;
    Array d = *p.grad();
    if (o.weight_decay != 0)
      d = d + p * o.weight_decay;
    if (o.momentum != 0) {
      const bool fresh = !has_state(i, "momentum_buffer");
      Array buf = state(i, "momentum_buffer");
      if (fresh)
        buf.assign(d, loc);
      else
        buf.assign(buf * o.momentum + d * (1 - o.dampening), loc);
      d = o.nesterov ? d + buf * o.momentum : buf;
    }
    p.assign(p + d * -o.lr, loc);
  }
}

// --- Adam / AdamW
// -----------------------------------------------------------------

Adam::Adam(std::vector<Array> params, AdamOptions o)
    : Adam(std::move(params), o, "Adam", false) {}

Adam::Adam(std::vector<Array> params, AdamOptions o, std::string type_name,
           bool decoupled)
    : Optimizer(std::move(params), type_name), options(o),
      decoupled_(decoupled) {
  if (!(o.lr >= 0))
    fail(type_name, ": invalid learning rate: ", o.lr);
  if (!(o.eps >= 0))
    fail(type_name, ": invalid epsilon value: ", o.eps);
  if (!(o.betas.first >= 0 && o.betas.first < 1))
    fail(type_name, ": invalid beta parameter at index 0: ", o.betas.first);
  if (!(o.betas.second >= 0 && o.betas.second < 1))
    fail(type_name, ": invalid beta parameter at index 1: ", o.betas.second);
  if (!(o.weight_decay >= 0))
    fail(type_name, ": invalid weight_decay value: ", o.weight_decay);
}

std::vector<std::string> Adam::state_names() const {
  return {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"};
}

void Adam::step(Loc loc) {
  refuse_in_trace("step()", loc);
  NoGradGuard no_grad;
  const AdamOptions &o = options;
  const auto [beta1, beta2] = o.betas;
  for (std::size_t i = 0; i < parameters().size(); ++i) {
    Array p = parameters()[i];
    if (!p.grad())
      continue;
    Array grad = *p.grad();
    if (decoupled_ && o.weight_decay != 0)
      p.assign(p * (1 - o.lr * o.weight_decay), loc);
    const std::int64_t step = ++steps(i);
    const double bias_correction1 = 1 - std::pow(beta1, step);
    const double bias_correction2 = 1 - std::pow(beta2, step);
    if (!decoupled_ && o.weight_decay != 0)
      grad = grad + p * o.weight_decay;
    Array exp_avg = state(i, "exp_avg");
    Array exp_avg_sq = state(i, "exp_avg_sq");
    exp_avg.assign(exp_avg * beta1 + grad * (1 - beta1), loc);
    exp_avg_sq.assign(exp_avg_sq * beta2 + grad * (1 - beta2) * grad, loc);
    Array denom;
    if (o.amsgrad) {
      Array max_sq = state(i, "max_exp_avg_sq");
      max_sq.assign(maximum(exp_avg_sq, max_sq), loc);
      denom = sqrt(max_sq) / std::sqrt(bias_correction2) + o.eps;
    } else {
      denom = sqrt(exp_avg_sq) / std::sqrt(bias_correction2) + o.eps;
    }
    const double step_size = o.lr / bias_correction1;
    p.assign(p + exp_avg * -step_size / denom, loc);
  }
}

AdamW::AdamW(std::vector<Array> params, AdamWOptions o)
    : Adam(std::move(params),
           AdamOptions{o.lr, o.betas, o.eps, o.weight_decay, o.amsgrad},
           "AdamW", true) {}

} // namespace npg::optim
