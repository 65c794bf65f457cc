// npg::compile: a cache of compiled traces keyed by signature, and the
// autograd node that runs a compiled backward.
#include "npg/Compile.h"

#include "Internal.h"
#include "compile/Tracing.h"

#include "npg/IR/TraceGraph.h"
#include "npg/Passes/Autodiff.h"
#include "npg/compiler/Compiler.h"
#include "npg/compiler/DiskCache.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>

namespace npg::detail {

namespace {

std::vector<Array> allocate(const std::vector<ir::TensorType> &types) {
  std::vector<Array> out;
  for (const ir::TensorType &t : types)
    out.push_back(empty(t.shape, t.dtype));
  return out;
}

std::vector<jit::Buffer> buffers(const std::vector<Array> &a,
                                 const std::vector<Array> &b) {
  std::vector<jit::Buffer> out;
  for (const auto *list : {&a, &b})
    for (const Array &x : *list)
      out.push_back({x.raw_data(), x.shape()});
  return out;
}

/// One compiled signature: the JIT code and what calling it needs.
/// The MLIR trace is dropped once compiled: the engine holds LLVM code of
/// its own, and a context per signature would hold memory for nothing.
struct Entry {
  std::vector<Array> captures;
  std::vector<bool> needs_grad; // per argument (inputs, then captures)
  bool with_grad = false;
  /// The forward is <f>_value_and_grad: f's one (scalar) result, then the
  /// gradients for a seed of 1; there is no backward function.
  bool value_and_grad = false;
  compiler::Compiled code;
  /// Per result: whether the traced (eager) result required grad. A result
  /// that depends on no input requiring grad gets no autograd node, as in
  /// eager mode.
  std::vector<bool> result_requires_grad;
  /// Per result: whether the eager result was a leaf the function made that
  /// requires grad (astype of an array that requires grad): the compiled
  /// result is such a leaf too, without a node.
  std::vector<bool> result_new_leaf;
  /// In-place writes, gradients and host scalars each call sets; their
  /// values are the code's results after the function's own.
  tracing::SideEffects effects;
  std::size_t num_outputs = 0;
};

std::string describe(const std::vector<Array> &args, bool grad) {
  std::ostringstream os;
  for (std::size_t i = 0; i < args.size(); ++i)
    os << (i ? ", " : "") << format_shape(args[i].shape()) << " "
       << args[i].dtype()
       << (grad && args[i].requires_grad() ? " requires_grad" : "");
  return os.str();
}

/// The cache key: shapes, dtypes, which inputs require grad, grad mode.
std::string key_of(const std::vector<Array> &inputs, bool grad) {
  return describe(inputs, grad) + (grad ? " | grad" : " | no grad");
}

/// Whether a call in grad mode `grad` gets gradient code: not when the
/// function ran backward() itself (its results then carry no graph).
bool takes_gradients(const Entry &e, bool grad) {
  return grad && !e.effects.ran_backward;
}

/// Whether the captured arrays still look as they did when traced, and
/// the gradients the function read are still the leaves' own.
bool captures_match(const Entry &e, const std::vector<Array> &inputs,
                    bool grad) {
  for (const auto &[leaf, input, at_trace] : e.effects.grad_guards)
    if ((input >= 0 ? inputs[input] : leaf).impl()->grad != at_trace)
      return false;
  for (const auto &holds : e.effects.guards)
    if (!holds())
      return false;
  for (std::size_t i = 0; i < e.captures.size(); ++i) {
    const Array &c = e.captures[i];
    const ir::TensorType &t =
        e.code.forwardSig
            .arguments[e.needs_grad.size() - e.captures.size() + i];
    const bool wants =
        takes_gradients(e, grad) && c.requires_grad() && is_floating(c.dtype());
    if (c.shape() != t.shape || c.dtype() != t.dtype ||
        wants != e.needs_grad[e.needs_grad.size() - e.captures.size() + i])
      return false;
  }
  return true;
}

/// Whether the environment variable `name` is set, and not to 0.
bool env_flag(const char *name) {
  const char *value = std::getenv(name);
  return value && *value && *value != '0';
}

/// $NPG_COMPILE_CACHE_SIZE, or 64: how many signatures a compiled function
/// keeps by default. Read per compiled function, when it is made.
std::size_t default_capacity() {
  const char *env = std::getenv("NPG_COMPILE_CACHE_SIZE");
  if (!env || !*env)
    return 64;
  char *end = nullptr;
  const long long n = std::strtoll(env, &end, 10);
  if (*end || n < 1)
    fail("NPG_COMPILE_CACHE_SIZE: expected a positive integer, got '", env,
         "'");
  return static_cast<std::size_t>(n);
}

} // namespace

/// Compiled code per signature, at most `capacity_` of them; the least
/// recently used goes first. One mutex guards lookups and compiles (two
/// threads meeting a new signature compile it once); compiled code runs
/// outside it, concurrently.
class CompileCache {
public:
  explicit CompileCache(std::string name)
      : name_(std::move(name)), capacity_(default_capacity()) {}

  std::vector<Array> call(const TracedFunction &fn,
                          const std::vector<Array> &inputs) {
    const bool grad = is_grad_enabled();
    const std::string key = key_of(inputs, grad);
    std::unique_lock lock(mutex_);
    auto it = entries_.find(key);
    const char *reason = "first call";
    if (it != entries_.end() &&
        captures_match(*it->second.entry, inputs, grad)) {
      ++stats_.cache_hits;
      lru_.splice(lru_.begin(), lru_, it->second.used);
      std::shared_ptr<const Entry> entry = it->second.entry;
      lock.unlock();
      return run(entry, inputs);
    }
    if (it != entries_.end())
      reason = "a captured array changed shape, dtype or requires_grad, a "
               "gradient the function read was replaced, or a host-side "
               "condition the trace assumed changed";
    else if (stats_.compiles > 0)
      reason = "new signature";

    const auto start = std::chrono::steady_clock::now();
    Trace trace = trace_function(fn, inputs, name_);
    const double trace_ms = std::chrono::duration<double, std::milli>(
                                std::chrono::steady_clock::now() - start)
                                .count();
    std::vector<Array> outputs = trace.outputs(); // the eager results
    auto entry = build(std::move(trace), inputs, outputs, grad);
    if (entry->effects.ran_backward)
      for (Array &out : outputs)
        out = out.detach(); // as compiled calls return them
    const double ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count();
    ++stats_.compiles;
    stats_.disk_hits += entry->code.fromDisk;
    stats_.compile_ms += ms;
    if (env_flag("NPG_LOG_COMPILES"))
      std::fprintf(stderr,
                   "npg: compiled %s (%s) in %.1f ms, code from %s (trace %.0f "
                   "ms, %s) for %s\n",
                   name_.c_str(), reason, ms,
                   entry->code.fromDisk ? "disk" : "LLVM", trace_ms,
                   entry->code.phases.c_str(), key.c_str());
    insert(key, std::move(entry));
    return outputs;
  }

  CompileStats stats() const {
    std::lock_guard lock(mutex_);
    CompileStats s = stats_;
    s.cached = static_cast<std::int64_t>(entries_.size());
    s.capacity = static_cast<std::int64_t>(capacity_);
    return s;
  }

  void set_capacity(std::size_t capacity) {
    if (capacity < 1)
      fail("compile: the cache size must be at least 1, got ", capacity);
    std::lock_guard lock(mutex_);
    capacity_ = capacity;
    evict();
  }

private:
  std::shared_ptr<Entry> build(Trace trace, const std::vector<Array> &inputs,
                               const std::vector<Array> &outputs, bool grad) {
    auto e = std::make_shared<Entry>();
    e->captures = trace.captures();
    e->effects = trace.side_effects();
    e->num_outputs = outputs.size();
    grad = takes_gradients(*e, grad);
    for (const Array &out : outputs) {
      bool new_leaf = out.requires_grad() && out.is_leaf();
      for (const std::vector<Array> *list :
           {&inputs, &std::as_const(e->captures)})
        for (const Array &a : *list)
          new_leaf = new_leaf && a.impl() != out.impl();
      e->result_requires_grad.push_back(grad && out.requires_grad() &&
                                        !new_leaf);
      e->result_new_leaf.push_back(grad && new_leaf);
    }
    mlir::ModuleOp module = trace.module();
    auto func = module.lookupSymbol<mlir::func::FuncOp>(name_);
    std::vector<Array> args = inputs;
    args.insert(args.end(), e->captures.begin(), e->captures.end());
    for (std::size_t i = 0; i < args.size(); ++i) {
      const bool wants =
          grad && args[i].requires_grad() && is_floating(args[i].dtype());
      e->needs_grad.push_back(wants);
      if (wants) {
        func.setArgAttr(i, kRequiresGradAttrName,
                        mlir::UnitAttr::get(module.getContext()));
        e->with_grad = true;
      }
    }
    // A loss: value and gradient in one sweep (see run()).
    e->value_and_grad = e->with_grad && hasScalarResult(func) &&
                        e->result_requires_grad[0] &&
                        e->effects.effects.empty();
    const std::optional<compiler::DiskCache> disk =
        compiler::DiskCache::fromEnvironment();
    e->code = compiler::compile(module, {.name = name_,
                                         .withGrad = e->with_grad,
                                         .valueAndGrad = e->value_and_grad,
                                         .dumpPath =
                                             [this](const std::string &stage) {
                                               return tracing::dump_path(
                                                   name_ + "-" + stage);
                                             },
                                         .diskCache = disk ? &*disk : nullptr});
    return e;
  }

  /// Runs compiled code; the autograd nodes it makes keep `entry` alive.
  static std::vector<Array> run(const std::shared_ptr<const Entry> &entry,
                                const std::vector<Array> &inputs) {
    const Entry &e = *entry;
    std::vector<Array> args;
    for (const auto *list : {&inputs, &e.captures})
      for (const Array &x : *list)
        args.push_back(x.contiguous());
    for (const auto &[capture, slot] : e.effects.host_inputs)
      args[inputs.size() + capture] = scalar(*slot, float64);
    if (const auto &draws = e.effects.random) {
      // Fresh numbers: where the generator stands, which then moves on.
      const auto [seed, first] = random::reserve(draws->counters);
      args[inputs.size() + draws->seed_capture] =
          scalar(static_cast<std::int64_t>(seed), int64);
      args[inputs.size() + draws->offset_capture] =
          scalar(static_cast<std::int64_t>(first), int64);
    }
    std::vector<Array> outputs = allocate(e.code.forwardSig.results);
    e.code.engine->call(e.code.forward, buffers(args, outputs));
    replay_effects(e, inputs, outputs);
    for (std::size_t r = 0; r < e.num_outputs; ++r)
      if (e.result_new_leaf[r])
        outputs[r].impl()->requires_grad = true;
    if (!e.with_grad) {
      outputs.resize(e.num_outputs);
      return outputs;
    }
    if (e.value_and_grad)
      return attach_gradients(entry, inputs, outputs);

    // f_fwd's results are f's results, then the residuals its backward needs
    // that are not simply its arguments.
    std::vector<Array> residuals;
    std::size_t next = e.code.numResults;
    for (int source : e.code.residualSource)
      residuals.push_back(source >= 0 ? args[source] : outputs[next++]);
    outputs.resize(e.num_outputs);
    const std::vector<Array> parents = grad_parents(e, inputs);
    for (std::size_t r = 0; r < outputs.size(); ++r) {
      if (!is_floating(outputs[r].dtype()) || !e.result_requires_grad[r])
        continue;
      // One node per result; the others' gradients are zero in its backward.
      attach(outputs[r], "Compiled", parents, residuals,
             [entry, r](const Array &g, const BackwardContext &c) -> Grads {
               const Entry &e = *entry;
               std::vector<Array> in(c.saved.begin(), c.saved.end());
               for (std::size_t k = 0; k < e.code.numResults; ++k) {
                 const ir::TensorType &t =
                     e.code.backwardSig.arguments[c.saved.size() + k];
                 in.push_back(k == r ? g.astype(t.dtype).contiguous()
                                     : zeros(t.shape, t.dtype));
               }
               std::vector<Array> grads = allocate(e.code.backwardSig.results);
               e.code.engine->call(e.code.backward, buffers(in, grads));
               return grads;
             });
    }
    return outputs;
  }

  /// Does what the traced function did besides computing `outputs`' first
  /// num_outputs: the rest are the effects' values, in order.
  static void replay_effects(const Entry &e, const std::vector<Array> &inputs,
                             const std::vector<Array> &outputs) {
    using Kind = tracing::Effect::Kind;
    std::size_t next = e.num_outputs;
    for (const tracing::Effect &effect : e.effects.effects) {
      Array target = effect.input >= 0 ? inputs[effect.input] : effect.target;
      switch (effect.kind) {
      case Kind::Write: {
        const NoGradGuard no_grad; // a parameter's update, as in eager code
        target.assign(outputs[next++]);
        break;
      }
      case Kind::SetGrad:
        target.impl()->grad = outputs[next++].impl();
        break;
      case Kind::ClearGrad:
        target.impl()->grad.reset();
        break;
      case Kind::SetHostScalar:
        *effect.slot = outputs[next++].item<double>();
        break;
      }
    }
  }

  /// The arrays among inputs and captures that get gradients.
  static std::vector<Array> grad_parents(const Entry &e,
                                         const std::vector<Array> &inputs) {
    std::vector<Array> parents;
    for (std::size_t i = 0; i < e.needs_grad.size(); ++i)
      if (e.needs_grad[i])
        parents.push_back(i < inputs.size() ? inputs[i]
                                            : e.captures[i - inputs.size()]);
    return parents;
  }

  /// <f>_value_and_grad ran: `outputs` is the value, then its gradients for
  /// a seed of 1. The gradient is linear in the seed, so backward() scales
  /// them by its seed (1 from a plain loss.backward(): no work at all) and,
  /// on the graph's last backward, hands them over without a copy.
  static std::vector<Array>
  attach_gradients(const std::shared_ptr<const Entry> &entry,
                   const std::vector<Array> &inputs,
                   std::vector<Array> outputs) {
    auto grads = std::make_shared<std::vector<Array>>(outputs.begin() + 1,
                                                      outputs.end());
    outputs.resize(1);
    attach(outputs[0], "Compiled", grad_parents(*entry, inputs), {},
           [entry, grads](const Array &g, const BackwardContext &c) -> Grads {
             Grads out = c.retain_graph ? *grads : std::move(*grads);
             if (const double seed = g.item<double>(); seed != 1)
               for (Array &grad : out)
                 grad = grad * seed;
             return out;
           });
    return outputs;
  }

  /// Caches `entry` under `key` as the most recently used; the caller
  /// holds the mutex.
  void insert(const std::string &key, std::shared_ptr<Entry> entry) {
    if (auto it = entries_.find(key); it != entries_.end()) {
      it->second.entry = std::move(entry); // recompiled for new captures
      lru_.splice(lru_.begin(), lru_, it->second.used);
      return;
    }
    lru_.push_front(key);
    entries_.emplace(key, Slot{std::move(entry), lru_.begin()});
    evict();
  }

  /// Drops least recently used signatures beyond the capacity. Autograd
  /// nodes that still need an evicted entry keep it alive.
  void evict() {
    while (entries_.size() > capacity_) {
      entries_.erase(lru_.back());
      lru_.pop_back();
      ++stats_.evictions;
    }
  }

  struct Slot {
    std::shared_ptr<Entry> entry;
    std::list<std::string>::iterator used; // its place in lru_
  };

  std::string name_;
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::unordered_map<std::string, Slot> entries_;
  std::list<std::string> lru_; // keys, most recently used first
  CompileStats stats_;
};

std::shared_ptr<CompileCache> make_compile_cache(std::string name) {
  // The name becomes a symbol in IR and in the JIT: keep it an identifier.
  for (char &ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_')
      ch = '_';
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    name = "f" + name;
  return std::make_shared<CompileCache>(std::move(name));
}

std::vector<Array> call_compiled(CompileCache &cache, const TracedFunction &fn,
                                 const std::vector<Array> &inputs) {
  return cache.call(fn, inputs);
}

CompileStats compile_stats(const CompileCache &cache) { return cache.stats(); }

void set_compile_cache_size(CompileCache &cache, std::size_t size) {
  cache.set_capacity(size);
}

} // namespace npg::detail
