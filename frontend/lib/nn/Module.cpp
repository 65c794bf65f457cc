// nn::Module: registration, dotted names, state_dict and its loading,
// train/eval, zero_grad and printing.
#include "npg/Extension.h"
#include "npg/npg.h"

#include "npg/nn/Module.h"

#include <map>
#include <ostream>
#include <set>
#include <sstream>

namespace npg::nn {

Module::Module(std::string type_name) : type_name_(std::move(type_name)) {}
Module::~Module() = default;

Array Module::forward(const Array &) {
  fail(type_name_,
       " has no forward(const Array &): it takes other inputs; call its own "
       "methods instead");
}

void Module::check_name(const std::string &name, const char *what) const {
  if (name.empty() || name.find('.') != std::string::npos)
    fail(what, ": the name '", name, "' in ", type_name_,
         " must be non-empty and contain no '.'");
  auto taken = [&](const auto &list) {
    for (const auto &[n, v] : list)
      if (n == name)
        return true;
    return false;
  };
  if (taken(parameters_) || taken(buffers_) || taken(children_))
    fail(what, ": ", type_name_, " already has a member named '", name, "'");
}

Array Module::register_parameter(const std::string &name, Array value,
                                 bool requires_grad) {
  check_name(name, "register_parameter");
  if (!value.defined())
    fail("register_parameter: the array given for '", name, "' in ", type_name_,
         " is undefined");
  if (!value.is_leaf())
    fail("register_parameter: '", name, "' in ", type_name_,
         " must be a leaf array, but it was computed by ",
         value.grad_fn()->name(), "; pass a detach()ed copy");
  if (requires_grad && !is_floating(value.dtype()))
    fail("register_parameter: '", name, "' in ", type_name_, " has dtype ",
         value.dtype(),
         "; parameters that require grad must be float32 or float64");
  value.requires_grad_(requires_grad);
  parameters_.emplace_back(name, value);
  return value;
}

Array Module::register_buffer(const std::string &name, Array value) {
  check_name(name, "register_buffer");
  if (!value.defined())
    fail("register_buffer: the array given for '", name, "' in ", type_name_,
         " is undefined");
  buffers_.emplace_back(name, value);
  return value;
}

void Module::add_child(const std::string &name,
                       std::shared_ptr<Module> module) {
  check_name(name, "register_module");
  if (!module)
    fail("register_module: the module given for '", name, "' in ", type_name_,
         " is null");
  children_.emplace_back(name, std::move(module));
}

void Module::collect(const std::string &prefix, bool params, bool buffers,
                     bool recurse, NamedArrays &out) const {
  if (params)
    for (const auto &[name, a] : parameters_)
      out.emplace_back(prefix + name, a);
  if (buffers)
    for (const auto &[name, a] : buffers_)
      out.emplace_back(prefix + name, a);
  if (recurse)
    for (const auto &[name, child] : children_)
      child->collect(prefix + name + ".", params, buffers, true, out);
}

NamedArrays Module::named_parameters(bool recurse) const {
  NamedArrays out;
  collect("", true, false, recurse, out);
  return out;
}

std::vector<Array> Module::parameters(bool recurse) const {
  std::vector<Array> out;
  for (auto &[name, a] : named_parameters(recurse))
    out.push_back(a);
  return out;
}

NamedArrays Module::named_buffers(bool recurse) const {
  NamedArrays out;
  collect("", false, true, recurse, out);
  return out;
}

std::vector<Array> Module::buffers(bool recurse) const {
  std::vector<Array> out;
  for (auto &[name, a] : named_buffers(recurse))
    out.push_back(a);
  return out;
}

std::vector<std::shared_ptr<Module>> Module::children() const {
  std::vector<std::shared_ptr<Module>> out;
  for (const auto &[name, child] : children_)
    out.push_back(child);
  return out;
}

namespace {
/// The state the module holds, in state_dict's order: per module its
/// parameters, then its buffers, then its submodules.
void collect_state(const Module &m, const std::string &prefix,
                   NamedArrays &out) {
  for (auto &[name, a] : m.named_parameters(false))
    out.emplace_back(prefix + name, a);
  for (auto &[name, a] : m.named_buffers(false))
    out.emplace_back(prefix + name, a);
  for (const auto &[name, child] : m.named_children())
    collect_state(*child, prefix + name + ".", out);
}
} // namespace

StateDict Module::state_dict() const {
  StateDict out;
  collect_state(*this, "", out);
  for (auto &[name, a] : out) // same storage, no graph, no requires_grad
    a = ext::as_strided(a, a.shape(), a.strides(), a.offset());
  return out;
}

void Module::load_state_dict(const StateDict &state, bool strict) {
  StateDict own;
  collect_state(*this, "", own);
  std::map<std::string, const Array *> given;
  std::vector<std::string> duplicates;
  for (const auto &[name, a] : state)
    if (!given.emplace(name, &a).second)
      duplicates.push_back(name);
  std::vector<std::string> missing, unexpected, mismatched;
  std::set<std::string> expected;
  for (const auto &[name, a] : own) {
    expected.insert(name);
    auto it = given.find(name);
    if (it == given.end()) {
      missing.push_back(name);
    } else if (!it->second->defined() || it->second->shape() != a.shape()) {
      std::ostringstream os;
      os << name << ": the state_dict has "
         << (it->second->defined()
                 ? "shape " + format_shape(it->second->shape())
                 : std::string("an undefined array"))
         << ", the module " << format_shape(a.shape());
      mismatched.push_back(os.str());
    }
  }
  for (const auto &[name, a] : state)
    if (!expected.count(name))
      unexpected.push_back(name);
  auto list = [](const std::vector<std::string> &names) {
    std::string s;
    for (const std::string &n : names)
      s += (s.empty() ? "" : ", ") + n;
    return s;
  };
  std::string problems;
  auto add = [&](const std::string &what) {
    problems += (problems.empty() ? "" : "; ") + what;
  };
  if (strict && !missing.empty())
    add("missing keys: " + list(missing));
  if (strict && !unexpected.empty())
    add("unexpected keys: " + list(unexpected));
  if (!duplicates.empty())
    add("duplicate keys: " + list(duplicates));
  if (!mismatched.empty())
    add("size mismatch for " + list(mismatched));
  if (!problems.empty())
    fail("load_state_dict into ", type_name_, ": ", problems);
  NoGradGuard no_grad;
  for (auto &[name, a] : own) {
    auto it = given.find(name);
    if (it != given.end())
      a.assign(*it->second);
  }
}

Module &Module::train(bool on) {
  *training_ = on;
  for (const auto &[name, child] : children_)
    child->train(on);
  return *this;
}

bool Module::is_training() const {
  if (ext::in_trace()) {
    ext::trace_guard(
        [mode = *training_, cell = training_] { return *cell == mode; });
  }
  return *training_;
}

void Module::zero_grad(Loc loc) {
  for (Array &p : parameters())
    p.zero_grad(loc);
}

void Module::print(std::ostream &os, int indent) const {
  os << type_name_ << "(" << extra_repr();
  if (!children_.empty()) {
    os << "\n";
    const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
    for (const auto &[name, child] : children_) {
      os << pad << "(" << name << "): ";
      child->print(os, indent + 2);
      os << "\n";
    }
    os << std::string(static_cast<std::size_t>(indent), ' ');
  }
  os << ")";
}

std::ostream &operator<<(std::ostream &os, const Module &m) {
  m.print(os);
  return os;
}

} // namespace npg::nn
