#pragma once
// Recording eager ops into a TraceGraph while npg::trace runs a function.
// Every public op opens an OpScope; only the outermost one records, so an op
// written with other ops appears once in the trace, as itself.
#include "Internal.h"

#include "npg/IR/TraceGraph.h"

#include <source_location>
#include <unordered_map>

namespace npg::tracing {

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
  /// Whether `a` depends on the traced function's arguments.
  bool depends_on_arguments(const Array &a) const;

  const ir::TensorType &type_of(int v) const { return graph_.values[v].type; }
  ir::TraceGraph finish(const std::vector<Array> &outputs);
  const std::vector<Array> &captures() const { return captures_; }

  int depth = 0;

private:
  int add_value(ir::TraceValue v, bool dependent);

  std::uint64_t first_serial_;
  ir::TraceGraph graph_;
  std::vector<bool> dependent_;
  std::unordered_map<const ArrayImpl *, int> ids_;
  std::vector<Array> keep_alive_; // so that no ArrayImpl address is reused
  std::vector<Array> captures_;
};

/// The recorder of this thread's running trace, or null.
Recorder *active();

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
