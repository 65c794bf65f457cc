#pragma once
// npg::nn::Module: the base of every layer and model, as torch::nn::Module.
// A module owns named parameters (arrays that require grad), buffers (arrays
// that do not) and submodules; its state_dict names them with dotted paths
// ("0.weight", "encoder.fc.bias").
#include "npg/Array.h"
#include "npg/NamedArrays.h"

#include <iosfwd>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace npg::nn {

/// Parameters and buffers by dotted name, in registration order.
using StateDict = NamedArrays;

class Module {
public:
  explicit Module(std::string type_name = "Module");
  virtual ~Module();
  // Modules are shared (std::shared_ptr), not copied: a copy would share
  // its parameters' storage while looking independent.
  Module(const Module &) = delete;
  Module &operator=(const Module &) = delete;

  /// The forward pass of a module with one input. Modules with other inputs
  /// define their own call operators; this one throws for them.
  virtual Array forward(const Array &input);
  Array operator()(const Array &input) { return forward(input); }

  /// "Linear", "Sequential", ...: what printing shows.
  const std::string &type_name() const { return type_name_; }

  // --- Registration (names: non-empty, no '.', unique in this module) ----
  /// Makes `value` (a leaf array) a parameter; returns the same handle.
  Array register_parameter(const std::string &name, Array value,
                           bool requires_grad = true);
  /// Registers state that is saved but not trained (running statistics).
  Array register_buffer(const std::string &name, Array value);
  template <class M>
  std::shared_ptr<M> register_module(const std::string &name,
                                     std::shared_ptr<M> module) {
    add_child(name, module);
    return module;
  }

  // --- Inspection ----------------------------------------------------------
  std::vector<Array> parameters(bool recurse = true) const;
  /// Dotted names: "0.weight", "fc.bias".
  NamedArrays named_parameters(bool recurse = true) const;
  std::vector<Array> buffers(bool recurse = true) const;
  NamedArrays named_buffers(bool recurse = true) const;
  std::vector<std::shared_ptr<Module>> children() const;
  const std::vector<std::pair<std::string, std::shared_ptr<Module>>> &
  named_children() const {
    return children_;
  }

  // --- State -----------------------------------------------------------------
  /// Every parameter and buffer by dotted name (per module: parameters, then
  /// buffers, then submodules). The arrays share the module's storage and
  /// carry no graph.
  StateDict state_dict() const;
  /// Copies `state` into the parameters and buffers in place (casting
  /// dtypes). Throws npg::Error naming every missing key, unexpected key
  /// (both only when `strict`) and shape mismatch; nothing is copied then.
  void load_state_dict(const StateDict &state, bool strict = true);

  /// Training mode (the default) or evaluation mode, recursively. Both
  /// return this module, for chaining: model.eval().forward(x).
  Module &train(bool on = true);
  Module &eval() { return train(false); }
  /// In a traced function, the compiled code then holds only while the
  /// mode stays (a call in the other mode traces again).
  bool is_training() const;
  /// Empties every parameter's gradient; refused inside a traced function.
  void zero_grad(Loc loc = Loc::current());

  /// Writes the module tree, as PyTorch prints it.
  void print(std::ostream &os, int indent = 0) const;

protected:
  /// What printing shows inside the parentheses: "in_features=2, ...".
  virtual std::string extra_repr() const { return ""; }

private:
  void add_child(const std::string &name, std::shared_ptr<Module> module);
  void check_name(const std::string &name, const char *what) const;
  void collect(const std::string &prefix, bool params, bool buffers,
               bool recurse, NamedArrays &out) const;

  std::string type_name_;
  NamedArrays parameters_;
  NamedArrays buffers_;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> children_;
  /// Shared with the guards of traces that read it, which may outlive a
  /// module made inside the traced function.
  std::shared_ptr<bool> training_ = std::make_shared<bool>(true);
};

std::ostream &operator<<(std::ostream &os, const Module &m);

} // namespace npg::nn
