// npg::optim: the optimizer base (state, zero_grad, state_dict) and SGD,
// Adam and AdamW, whose arithmetic follows torch::optim's step by step (so
// that results agree to rounding).
#include "npg/Extension.h"
#include "npg/npg.h"

#include "npg/optim.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <type_traits>

namespace npg::optim {

namespace {

// An update's numbers (options, step counts, bias corrections) are written
// once over S: double eagerly, and inside a trace 0-d float64 arrays that
// every compiled call reads from the host (ext::host_scalar), so that no lr
// or step count is baked into the compiled step. Their arithmetic is the
// same float64 arithmetic either way.

/// Runs body(type_identity<S>) with S = Array in a trace, double elsewhere.
template <class F> void with_scalars(F body) {
  if (ext::in_trace())
    body(std::type_identity<Array>{});
  else
    body(std::type_identity<double>{});
}

template <class S> S read(const double &slot) {
  if constexpr (std::is_same_v<S, Array>)
    return ext::host_scalar(slot);
  else
    return slot;
}

void write(double &slot, double value) { slot = value; }
void write(double &slot, const Array &value) {
  ext::set_host_scalar(slot, value);
}

double power(double base, double exponent) { return std::pow(base, exponent); }
Array power(const Array &base, const Array &exponent) {
  return pow(base, exponent);
}
double root(double x) { return std::sqrt(x); }
Array root(const Array &x) { return sqrt(x); }

/// body(i, p, grad) for each parameter p (index i) that has a gradient.
template <class F>
void for_each_with_grad(const std::vector<Array> &params, F body) {
  for (std::size_t i = 0; i < params.size(); ++i)
    if (const std::optional<Array> grad = params[i].grad())
      body(i, params[i], *grad);
}

/// s as a factor of an array of dtype t: rounded to t, as a C++ number is
/// when it meets an array.
double as(double s, DType) { return s; }
Array as(const Array &s, DType t) { return s.astype(t); }

} // namespace

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
  for (Array &p : params_)
    p.zero_grad(loc);
}

Array Optimizer::state(std::size_t i, const std::string &name) {
  for (auto &[n, a] : state_[i])
    if (n == name)
      return a;
  state_[i].emplace_back(name, zeros_like(params_[i]));
  ext::persistent(state_[i].back().second);
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
      out.emplace_back(prefix + "step",
                       array(static_cast<std::int64_t>(steps_[i])));
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
      steps_[e.index] =
          static_cast<double>(e.value->astype(int64).item<std::int64_t>());
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
  const NoGradGuard no_grad;
  with_scalars([&]<class S>(std::type_identity<S>) {
    const S lr = read<S>(options.lr), momentum = read<S>(options.momentum),
            dampening = read<S>(options.dampening),
            weight_decay = read<S>(options.weight_decay);
    for_each_with_grad(parameters(), [&](std::size_t i, Array p, Array d) {
      const DType t = p.dtype();
      if (options.weight_decay != 0)
        d = d + p * as(weight_decay, t);
      if (options.momentum != 0) {
        const bool fresh = !has_state(i, "momentum_buffer");
        Array buf = state(i, "momentum_buffer");
        if (fresh) {
          // The trace took the first step's branch: trace again after it.
          ext::trace_guard(
              [this, i] { return !has_state(i, "momentum_buffer"); });
          buf.assign(d, loc);
        } else {
          buf.assign(buf * as(momentum, t) + d * as(1 - dampening, t), loc);
        }
        d = options.nesterov ? d + buf * as(momentum, t) : buf;
      }
      p.assign(p + d * as(-lr, t), loc);
    });
  });
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
  const NoGradGuard no_grad;
  with_scalars([&]<class S>(std::type_identity<S>) {
    const S lr = read<S>(options.lr), beta1 = read<S>(options.betas.first),
            beta2 = read<S>(options.betas.second), eps = read<S>(options.eps),
            weight_decay = read<S>(options.weight_decay);
    for_each_with_grad(parameters(), [&](std::size_t i, Array p, Array grad) {
      const DType t = p.dtype();
      if (decoupled_ && options.weight_decay != 0)
        p.assign(p * as(1 - lr * weight_decay, t), loc);
      const S step = read<S>(steps(i)) + 1;
      write(steps(i), step);
      const S bias_correction1 = 1 - power(beta1, step);
      const S bias_correction2 = 1 - power(beta2, step);
      if (!decoupled_ && options.weight_decay != 0)
        grad = grad + p * as(weight_decay, t);
      Array exp_avg = state(i, "exp_avg");
      Array exp_avg_sq = state(i, "exp_avg_sq");
      exp_avg.assign(exp_avg * as(beta1, t) + grad * as(1 - beta1, t), loc);
      exp_avg_sq.assign(
          exp_avg_sq * as(beta2, t) + grad * as(1 - beta2, t) * grad, loc);
      Array second = exp_avg_sq;
      if (options.amsgrad) {
        Array max_sq = state(i, "max_exp_avg_sq");
        max_sq.assign(maximum(exp_avg_sq, max_sq), loc);
        second = max_sq;
      }
      const Array denom =
          sqrt(second) / as(root(bias_correction2), t) + as(eps, t);
      const S step_size = lr / bias_correction1;
      p.assign(p + exp_avg * as(-step_size, t) / denom, loc);
    });
  });
}

AdamW::AdamW(std::vector<Array> params, AdamWOptions o)
    : Adam(std::move(params),
           AdamOptions{o.lr, o.betas, o.eps, o.weight_decay, o.amsgrad},
           "AdamW", true) {}

} // namespace npg::optim
