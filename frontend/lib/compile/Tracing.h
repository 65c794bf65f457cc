#pragma once
// Recording eager ops into a TraceGraph while npg::trace runs a function.
// Every public op opens an OpScope; only the outermost one records, so an op
// written with other ops appears once in the trace, as itself.
#include "Internal.h"

#include "npg/IR/TraceGraph.h"

#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <unordered_map>
#include <unordered_set>

namespace npg::tracing {

/// What a traced function did besides computing its results, which each
/// compiled call does again: in-place writes into arrays that outlive the
/// call, gradients set or emptied, host scalars (an optimizer's step count)
/// set.
struct Effect {
  enum class Kind { Write, SetGrad, ClearGrad, SetHostScalar };
  Kind kind;
  Array target;           // Write, SetGrad, ClearGrad (unless an input)
  int input = -1;         // instead of target: the call's input `input`
  double *slot = nullptr; // SetHostScalar
};

struct SideEffects {
  std::vector<Effect> effects;
  /// Captures read from the host at each call: (capture index, the double
  /// passed as a 0-d float64 argument), e.g. a learning rate.
  std::vector<std::pair<std::size_t, const double *>> host_inputs;
  /// Leaves whose gradient the function read (accumulated into, or asked
  /// for) before setting it, with that gradient (null: none): the code holds
  /// only while they are still theirs. An input's is the call's input's.
  struct GradGuard {
    Array leaf; // unless an input
    int input = -1;
    std::shared_ptr<ArrayImpl> grad;
  };
  std::vector<GradGuard> grad_guards;
  /// Host-side conditions the trace assumed (ext::trace_guard).
  std::vector<std::function<bool()>> guards;
  /// The function's random draws: the captures that take the generator's
  /// seed and first counter (0-d int64) at each call, and how many counters
  /// a call takes.
  struct RandomDraws {
    std::size_t seed_capture = 0, offset_capture = 0;
    std::uint64_t counters = 0;
  };
  std::optional<RandomDraws> random;
  /// Whether the function called backward(): its gradients are then part of
  /// the trace, and its results carry no graph.
  bool ran_backward = false;
};

class Recorder {
public:
  explicit Recorder(std::uint64_t first_serial) : first_serial_(first_serial) {}

  /// Declares an input of the traced function: the next argument.
  void add_input(const Array &a);
  /// The IR value of `a`: its traced value, or a new argument (an array the
  /// function did not create) or constant (one it created, e.g. zeros()).
  int value(const Array &a);
  /// `v` converted to `type`: npg.cast and npg.broadcast_to as needed.
  int coerce(int v, const ir::TensorType &type, const Loc &loc);
  /// value(a) coerced to (shape, dtype).
  int operand(const Array &a, const Shape &shape, DType dtype, const Loc &loc) {
    return coerce(value(a), {shape, dtype}, loc);
  }
  int constant(Scalar s, DType dtype);
  /// Records `kind(operands)` of `type` with `attrs` in the op table's order.
  int emit(ops::OpKind kind, std::vector<int> operands, ir::TensorType type,
           std::vector<ops::AttrValue> attrs, const Loc &loc);
  template <ops::OpKind K>
  int emit(std::vector<int> operands, ir::TensorType type,
           const ops::Attrs<K> &attrs, const Loc &loc) {
    return emit(K, std::move(operands), std::move(type), ops::encode(attrs),
                loc);
  }
  void bind(const Array &a, int v);
  bool has_value(const Array &a) const { return ids_.count(a.impl().get()); }

  /// `target` now holds `v` (an in-place write at `loc`): later reads see
  /// v, and a target that outlives the call (made before the trace, or
  /// persistent()) is written back by every compiled call. Views of the
  /// target's memory read after this are refused: their values changed.
  void write(const Array &target, int v, const Loc &loc);
  /// Before `leaf`'s grad is read (`reads`: accumulated into, or asked for)
  /// or replaced: the compiled call then sets it as the trace left it.
  void grad_slot(const Array &leaf, bool reads);
  /// `a`, made by the function, holds state across calls (an optimizer's
  /// moments): read from memory by each call, as a captured array.
  void persistent(const Array &a);
  /// A 0-d float64 array of *slot, read again by each compiled call.
  Array host_scalar(const double *slot);
  /// Each compiled call stores `value` (0-d) into *slot.
  void set_host_scalar(double *slot, const Array &value);
  /// npg.random_uniform of `type` drawn at counter `first` of generator
  /// `seed`: in compiled code, at the generator's seed and offset of that
  /// call plus this draw's distance from the trace's first draw.
  int random_uniform(const ir::TensorType &type, std::uint64_t seed,
                     std::uint64_t first, const Loc &loc);
  /// backward() runs its graph's derivative rules as ops, recorded as they
  /// run. Each saved array they read must have a traced value: one made
  /// while tracing the forward without one would be baked into the trace,
  /// so reading it fails (an npg bug) instead.
  void begin_backward() {
    effects_.ran_backward = true;
    in_backward_ = true;
    backward_serial_ = next_array_serial();
  }
  void end_backward() { in_backward_ = false; }
  void guard(std::function<bool()> holds) {
    effects_.guards.push_back(std::move(holds));
  }
  const SideEffects &side_effects() const { return effects_; }
  /// Whether `a` depends on the traced function's arguments.
  bool depends_on_arguments(const Array &a) const;

  const ir::TensorType &type_of(int v) const { return graph_.values[v].type; }
  ir::TraceGraph finish(const std::vector<Array> &outputs);
  const std::vector<Array> &captures() const { return captures_; }

  int depth = 0;

private:
  int add_value(ir::TraceValue v, bool dependent);
  int capture(const Array &a);
  bool outlives_call(const Array &a) const;
  /// Which input `a` is, or -1.
  int input_index(const Array &a) const;

  std::uint64_t first_serial_;
  bool in_backward_ = false;
  std::uint64_t backward_serial_ = 0;
  ir::TraceGraph graph_;
  std::vector<bool> dependent_;
  std::unordered_map<const ArrayImpl *, int> ids_;
  std::vector<Array> keep_alive_; // so that no ArrayImpl address is reused
  std::vector<Array> captures_;
  std::vector<Array> inputs_;

  std::vector<Array> written_; // in-place targets, in order of first write
  std::unordered_set<const ArrayImpl *> written_set_, persistent_;
  /// Storage written in place, and the arrays viewing it whose values the
  /// write made stale.
  std::unordered_set<const Storage *> written_storage_;
  std::unordered_set<const ArrayImpl *> stale_;
  std::unordered_map<const Storage *, std::vector<const ArrayImpl *>>
      by_storage_;
  /// Leaves whose grad the function touched, with their grad at entry.
  std::vector<std::pair<Array, std::shared_ptr<ArrayImpl>>> grad_slots_;
  std::unordered_set<const ArrayImpl *> grad_slot_set_;
  /// Each host slot's value as the function last read or set it, and the
  /// slots it set, in order of first write.
  std::unordered_map<const double *, Array> host_scalars_;
  std::vector<double *> host_scalars_set_;
  /// The first draw's seed, counter, and the IR values of the seed and
  /// offset arguments.
  struct FirstDraw {
    std::uint64_t seed, counter;
    int seed_value, offset_value;
  };
  std::optional<FirstDraw> first_draw_;
  SideEffects effects_;
};

/// The recorder of this thread's running trace, or null.
Recorder *active();
/// active(), when called from the traced function itself (not from inside
/// an op).
inline Recorder *user_level() {
  Recorder *r = active();
  return r && r->depth == 0 ? r : nullptr;
}

/// Installs a recorder on this thread for its lifetime.
class Session {
public:
  explicit Session(Recorder &r);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

private:
  Recorder *previous_;
};

/// The dynamic extent of one public op call.
class OpScope {
public:
  explicit OpScope(const Loc &loc) : recorder_(active()), loc_(loc) {
    if (recorder_)
      outermost_ = recorder_->depth++ == 0;
  }
  ~OpScope() {
    if (recorder_)
      --recorder_->depth;
  }
  OpScope(const OpScope &) = delete;
  OpScope &operator=(const OpScope &) = delete;

  /// The recorder when this call must record itself, else null.
  Recorder *recorder() const { return outermost_ ? recorder_ : nullptr; }
  const Loc &loc() const { return loc_; }

  using Inputs = std::initializer_list<std::reference_wrapper<const Array>>;

  /// Records `out = K(inputs...)` for an elementwise op computing in
  /// `compute`: each input is cast and broadcast to out's shape first.
  /// Does nothing unless this call records.
  template <ops::OpKind K>
  void elementwise(Inputs inputs, DType compute, const Array &out,
                   const ops::Attrs<K> &attrs = {}) const {
    elementwise(K, inputs, compute, out, ops::encode(attrs));
  }
  /// Records `out = K(inputs...)` with out's type, inputs as they are.
  template <ops::OpKind K>
  void record(Inputs inputs, const Array &out,
              const ops::Attrs<K> &attrs = {}) const {
    record(K, inputs, out, ops::encode(attrs));
  }
  /// Records `out = K(operands)` on IR values with out's type.
  template <ops::OpKind K>
  void record_values(std::vector<int> operands, const Array &out,
                     const ops::Attrs<K> &attrs = {}) const {
    record_values(K, std::move(operands), out, ops::encode(attrs));
  }
  /// Makes `out` the same traced value as `in` (copies, no-op casts; when
  /// recording).
  void alias(const Array &out, const Array &in) const;

private:
  void elementwise(ops::OpKind kind, Inputs inputs, DType compute,
                   const Array &out, std::vector<ops::AttrValue> attrs) const;
  void record(ops::OpKind kind, Inputs inputs, const Array &out,
              std::vector<ops::AttrValue> attrs) const;
  void record_values(ops::OpKind kind, std::vector<int> operands,
                     const Array &out, std::vector<ops::AttrValue> attrs) const;

  Recorder *recorder_;
  Loc loc_;
  bool outermost_ = false;
};

/// In a trace, gives `out` (made inside an op from `from` without
/// recording: a saved copy for its derivative) the traced value of `from`,
/// cast as out is.
void derived(const Array &out, const Array &from);

ir::TensorType type_of(const Array &a);
ir::SourceLoc source_loc(const Loc &loc);

/// With NPG_DUMP_IR=<dir> set: "<dir>/<nnn>-<name>", numbered in the order
/// of dumps across traces and compiles; empty when not dumping.
std::string dump_path(const std::string &name);

/// Throws when a user-level call would read a traced value back to the host.
void check_host_read(const Array &a, std::string_view what, const Loc &loc);
/// Throws when a user-level call is something a trace cannot capture.
void refuse(std::string_view what, std::string_view why, const Loc &loc);

} // namespace npg::tracing
