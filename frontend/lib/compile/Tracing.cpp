#include "compile/Tracing.h"

#include <cstring>

namespace npg::tracing {

namespace {
thread_local Recorder *current = nullptr;

std::string where(const Loc &loc) {
  return std::string(loc.file_name()) + ":" + std::to_string(loc.line());
}
} // namespace

Recorder *active() { return current; }

Session::Session(Recorder &r) : previous_(current) { current = &r; }
Session::~Session() { current = previous_; }

ir::TensorType type_of(const Array &a) { return {a.shape(), a.dtype()}; }

ir::SourceLoc source_loc(const Loc &loc) {
  return {loc.file_name(), static_cast<unsigned>(loc.line()),
          static_cast<unsigned>(loc.column())};
}

int Recorder::add_value(ir::TraceValue v, bool dependent) {
  graph_.values.push_back(std::move(v));
  dependent_.push_back(dependent);
  return static_cast<int>(graph_.values.size()) - 1;
}

void Recorder::add_input(const Array &a) {
  if (ids_.count(a.impl().get()))
    fail("trace: the same array is passed as two inputs; pass it once");
  const int v = add_value(
      {ir::TraceValue::Kind::Argument, tracing::type_of(a), {}}, true);
  graph_.arguments.push_back(v);
  bind(a, v);
}

int Recorder::value(const Array &a) {
  if (auto it = ids_.find(a.impl().get()); it != ids_.end())
    return it->second;
  int v;
  if (a.impl()->serial < first_serial_) {
    // Made before the trace began (a model's parameter, say): an argument,
    // so later calls see its current value.
    v = add_value({ir::TraceValue::Kind::Argument, tracing::type_of(a), {}},
                  true);
    graph_.arguments.push_back(v);
    captures_.push_back(a);
  } else {
    // Made by the function itself from no traced value (zeros(), a literal).
    const Array c = a.contiguous();
    std::vector<std::uint8_t> bytes(c.nbytes());
    if (!bytes.empty()) // an empty array's data may be null
      std::memcpy(bytes.data(), c.raw_data(), bytes.size());
    v = add_value(
        {ir::TraceValue::Kind::Constant, tracing::type_of(a), std::move(bytes)},
        false);
  }
  bind(a, v);
  return v;
}

int Recorder::constant(Scalar s, DType dtype) {
  return value(detail::scalar(s, dtype));
}

int Recorder::coerce(int v, const ir::TensorType &type, const Loc &loc) {
  ir::TensorType from = type_of(v);
  if (from.dtype != type.dtype) {
    from.dtype = type.dtype;
    v = emit<ops::OpKind::Cast>({v}, from, {}, loc);
  }
  if (from.shape != type.shape) {
    // numpy aligns shapes on the right.
    std::vector<std::int64_t> dims(from.shape.size());
    const std::size_t lead = type.shape.size() - from.shape.size();
    for (std::size_t i = 0; i < dims.size(); ++i)
      dims[i] = static_cast<std::int64_t>(lead + i);
    v = emit<ops::OpKind::BroadcastTo>({v}, type, {dims}, loc);
  }
  return v;
}

int Recorder::emit(ops::OpKind kind, std::vector<int> operands,
                   ir::TensorType type, std::vector<ops::AttrValue> attrs,
                   const Loc &loc) {
  bool dependent = false;
  for (int o : operands)
    dependent = dependent || dependent_[o];
  const int v = add_value({ir::TraceValue::Kind::OpResult, std::move(type), {}},
                          dependent);
  graph_.ops.push_back(
      {kind, std::move(operands), v, std::move(attrs), source_loc(loc)});
  return v;
}

void Recorder::bind(const Array &a, int v) {
  ids_[a.impl().get()] = v;
  keep_alive_.push_back(a);
}

bool Recorder::depends_on_arguments(const Array &a) const {
  auto it = ids_.find(a.impl().get());
  return it != ids_.end() && dependent_[it->second];
}

ir::TraceGraph Recorder::finish(const std::vector<Array> &outputs) {
  for (const Array &out : outputs)
    graph_.results.push_back(value(out));
  return graph_;
}

void OpScope::elementwise(ops::OpKind kind, Inputs inputs, DType compute,
                          const Array &out,
                          std::vector<ops::AttrValue> attrs) const {
  if (!recorder())
    return;
  std::vector<int> operands;
  for (const Array &in : inputs)
    operands.push_back(recorder_->operand(in, out.shape(), compute, loc_));
  record_values(kind, std::move(operands), out, std::move(attrs));
}

void OpScope::record(ops::OpKind kind, Inputs inputs, const Array &out,
                     std::vector<ops::AttrValue> attrs) const {
  if (!recorder())
    return;
  std::vector<int> operands;
  for (const Array &in : inputs)
    operands.push_back(recorder_->value(in));
  record_values(kind, std::move(operands), out, std::move(attrs));
}

void OpScope::record_values(ops::OpKind kind, std::vector<int> operands,
                            const Array &out,
                            std::vector<ops::AttrValue> attrs) const {
  if (!recorder())
    return;
  recorder_->bind(out, recorder_->emit(kind, std::move(operands), type_of(out),
                                       std::move(attrs), loc_));
}

void OpScope::alias(const Array &out, const Array &in) const {
  if (recorder())
    recorder_->bind(out, recorder_->value(in));
}

void check_host_read(const Array &a, std::string_view what, const Loc &loc) {
  Recorder *r = active();
  if (r && r->depth == 0 && r->depends_on_arguments(a))
    fail(what, " at ", where(loc),
         " reads a traced array back to the host: a trace records array "
         "operations only, so a value read here (and any branch taken on "
         "it) would be baked into the trace. Keep the computation in array "
         "operations, or call it outside the traced function.");
}

void refuse(std::string_view what, std::string_view why, const Loc &loc) {
  Recorder *r = active();
  if (r && r->depth == 0)
    fail(what, " at ", where(loc), " cannot be traced: ", why);
}

} // namespace npg::tracing
