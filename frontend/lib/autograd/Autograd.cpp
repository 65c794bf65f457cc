// The autograd engine: graph nodes, grad mode and backward().
#include "Internal.h"
#include "compile/Tracing.h"

#include <unordered_map>

namespace npg {

// --- Grad mode -------------------------------------------------------------

namespace {
thread_local bool grad_enabled = true;
} // namespace

bool is_grad_enabled() { return grad_enabled; }
void set_grad_enabled(bool enabled) { grad_enabled = enabled; }

// --- Function --------------------------------------------------------------

Function::Function(std::string_view name, std::vector<Array> parents,
                   std::vector<Array> saved)
    : name_(name), parents_(std::move(parents)), saved_(std::move(saved)) {
  saved_versions_.reserve(saved_.size());
  for (const Array &s : saved_)
    saved_versions_.push_back(s.version());
}

Function::~Function() {
  // Destroying a long chain recursively (node -> parent array -> its node ...)
  // would overflow the stack; instead the outermost destructor takes over the
  // parents' nodes that would die with this one and frees them in a loop.
  static thread_local std::vector<std::shared_ptr<Function>> doomed;
  static thread_local bool draining = false;
  for (Array &p : parents_) {
    const auto &impl = p.impl();
    if (impl && impl.use_count() == 1 && impl->grad_fn)
      doomed.push_back(std::move(impl->grad_fn));
  }
  parents_.clear();
  if (draining)
    return;
  draining = true;
  while (!doomed.empty()) {
    std::shared_ptr<Function> next = std::move(doomed.back());
    doomed.pop_back();
    next.reset();
  }
  draining = false;
}

Grads Function::apply(const Array &grad, bool retain_graph) {
  if (released_)
    fail("Trying to backward through the graph a second time: the saved "
         "arrays of ",
         name_,
         " were freed by the first backward. Pass retain_graph=true to the "
         "first backward() to backward through the graph again.");
  for (std::size_t i = 0; i < saved_.size(); ++i)
    if (saved_[i].version() != saved_versions_[i])
      fail("one of the arrays needed to compute the gradient of ", name_,
           " has been modified by an in-place operation: saved array ", i,
           " (shape ", format_shape(saved_[i].shape()), ", dtype ",
           saved_[i].dtype(), ") is at version ", saved_[i].version(),
           "; expected version ", saved_versions_[i],
           ". Modify a copy() instead, or modify it after backward().");
  Grads grads = backward(grad, BackwardContext{parents_, saved_, retain_graph});
  if (grads.size() != parents_.size())
    fail("internal error: the derivative of ", name_, " returned ",
         grads.size(), " gradients for ", parents_.size(), " inputs");
  return grads;
}

void Function::release() {
  saved_.clear();
  released_ = true;
}

void set_output(Function &fn, const Array &out) { fn.output_ = out.impl(); }

// --- backward --------------------------------------------------------------

namespace {

/// Adds `g` into `leaf`'s grad without ever aliasing memory someone else
/// holds (the user may later change grad in place).
void accumulate(const std::shared_ptr<ArrayImpl> &leaf, Array g) {
  ArrayImpl &impl = *leaf;
  if (tracing::Recorder *r = tracing::active())
    r->grad_slot(Array(leaf), /*reads=*/true);
  if (g.dtype() != impl.dtype)
    g = g.astype(impl.dtype);
  if (impl.grad) {
    // In place, as PyTorch: an Array taken from grad() earlier stays current.
    Array(impl.grad) += g;
    return;
  }
  const bool owned = g.impl().use_count() == 1 &&
                     g.impl()->storage.use_count() == 1 && g.is_contiguous();
  impl.grad = owned ? g.impl() : g.copy().impl();
}

} // namespace

void run_backward(const Array &root, const Array &seed, bool retain_graph) {
  NoGradGuard no_grad;
  Function *const start = root.impl()->grad_fn.get();
  if (!start) {
    accumulate(root.impl(), seed);
    return;
  }

  // How many edges of the graph lead into each node: a node runs once all
  // of its consumers have passed their gradients on. Iterative, so graphs of
  // any depth are fine.
  std::unordered_map<Function *, int> pending_edges{{start, 0}};
  std::vector<Function *> stack{start};
  while (!stack.empty()) {
    Function *fn = stack.back();
    stack.pop_back();
    for (const Array &p : fn->parents())
      if (Function *pf = p.impl()->grad_fn.get()) {
        auto [it, inserted] = pending_edges.try_emplace(pf, 0);
        ++it->second;
        if (inserted)
          stack.push_back(pf);
      }
  }

  std::unordered_map<Function *, Array> grads{{start, seed}};
  std::vector<Function *> ready{start};
  while (!ready.empty()) {
    Function *fn = ready.back();
    ready.pop_back();
    const Array grad = std::move(grads[fn]);
    grads.erase(fn);

    Grads parent_grads(fn->parents().size());
    if (grad.defined()) {
      if (auto out = fn->output_.lock(); out && out->retains_grad)
        accumulate(out, grad);
      parent_grads = fn->apply(grad, retain_graph);
    }
    if (!retain_graph)
      fn->release();

    for (std::size_t i = 0; i < parent_grads.size(); ++i) {
      const Array &p = fn->parents()[i];
      Array &g = parent_grads[i];
      if (g.defined() && g.shape() != p.shape())
        fail("internal error: the derivative of ", fn->name(),
             " gave a gradient of shape ", format_shape(g.shape()),
             " for an input of shape ", format_shape(p.shape()));
      Function *pf = p.impl()->grad_fn.get();
      if (!pf) {
        if (g.defined() && p.requires_grad())
          accumulate(p.impl(), std::move(g));
        continue;
      }
      if (g.defined()) {
        // A gradient has its array's dtype, as PyTorch's: a float32 node
        // computes its backward in float32 whatever its consumers used.
        if (g.dtype() != p.dtype() && is_floating(p.dtype()))
          g = g.astype(p.dtype());
        Array &slot = grads[pf];
        slot = slot.defined() ? slot + g : std::move(g);
      }
      if (--pending_edges[pf] == 0)
        ready.push_back(pf);
    }
  }
}

namespace detail {

Array saved_output(const Array &out) {
  Array saved = out.detach();
  tracing::derived(saved, out);
  return saved;
}

Array sum_to(const Array &grad, const Shape &shape) {
  if (grad.shape() == shape)
    return grad;
  const std::int64_t lead =
      grad.ndim() - static_cast<std::int64_t>(shape.size());
  std::vector<std::int64_t> axes;
  for (std::int64_t i = 0; i < grad.ndim(); ++i)
    if (i < lead || (shape[i - lead] == 1 && grad.shape()[i] != 1))
      axes.push_back(i);
  Array summed = npg::sum(grad, axes, /*keepdims=*/true);
  return summed.reshape(shape);
}

void check_inplace(const Array &x, std::string_view op) {
  // PyTorch's rule (numpy makes such views read-only): an axis of length > 1
  // with stride 0, as broadcast_to makes, maps several elements to one
  // location, and a write through it would keep one of their values.
  for (std::int64_t i = 0; x.size() > 1 && i < x.ndim(); ++i)
    if (x.shape()[i] > 1 && x.strides()[i] == 0)
      fail(op,
           ": unsupported operation: more than one element of the "
           "written-to array refers to a single memory location (shape ",
           format_shape(x.shape()), ", strides ", format_shape(x.strides()),
           "), as in a broadcast_to view; write into a copy() instead");
  if (x.requires_grad() && is_grad_enabled())
    fail(op,
         ": an array that requires grad cannot be modified in place "
         "while grad mode is on (its shape is ",
         format_shape(x.shape()),
         "); wrap the update in npg::NoGradGuard, or work on a detach()ed "
         "copy");
}

} // namespace detail
} // namespace npg
