#include "compile/Tracing.h"

#include <algorithm>
#include <cstring>
#include <utility>

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
  inputs_.push_back(a);
  bind(a, v);
}

int Recorder::capture(const Array &a) {
  const int v = add_value(
      {ir::TraceValue::Kind::Argument, tracing::type_of(a), {}}, true);
  graph_.arguments.push_back(v);
  captures_.push_back(a);
  bind(a, v);
  return v;
}

bool Recorder::outlives_call(const Array &a) const {
  return a.impl()->serial < first_serial_ || persistent_.count(a.impl().get());
}

int Recorder::input_index(const Array &a) const {
  for (std::size_t i = 0; i < inputs_.size(); ++i)
    if (inputs_[i].impl() == a.impl())
      return static_cast<int>(i);
  return -1;
}

int Recorder::value(const Array &a) {
  const ArrayImpl *impl = a.impl().get();
  if (stale_.count(impl) ||
      (!ids_.count(impl) && written_storage_.count(impl->storage.get())))
    fail("trace: an array (shape ", format_shape(a.shape()),
         ") is read after an in-place write into memory it views changed "
         "it; a trace records values, not memory: read the written array "
         "itself, or take the view again after the write");
  if (auto it = ids_.find(impl); it != ids_.end())
    return it->second;
  if (in_backward_ && !outlives_call(a) && impl->serial < backward_serial_)
    fail("internal error: backward() inside a trace read an array (shape ",
         format_shape(a.shape()),
         ") that an op made while the forward was traced but did not "
         "record; its values would be baked into the trace. Please report "
         "this npg bug; call backward() outside the traced function until "
         "then");
  int v;
  if (outlives_call(a)) {
    // Made before the trace began (a model's parameter, say): an argument,
    // so later calls see its current value.
    v = capture(a);
  } else {
    // Made by the function itself from no traced value (zeros(), a literal).
    const Array c = a.contiguous();
    std::vector<std::uint8_t> bytes(c.nbytes());
    if (!bytes.empty()) // an empty array's data may be null
      std::memcpy(bytes.data(), c.raw_data(), bytes.size());
    v = add_value(
        {ir::TraceValue::Kind::Constant, tracing::type_of(a), std::move(bytes)},
        false);
    bind(a, v);
  }
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
  const auto [it, inserted] = ids_.insert_or_assign(a.impl().get(), v);
  if (inserted) {
    keep_alive_.push_back(a);
    by_storage_[a.impl()->storage.get()].push_back(a.impl().get());
  }
}

namespace {
/// Whether `a` spans its whole storage, contiguously: a write into it
/// changes no other array's elements but its views'.
bool whole(const Array &a) {
  return a.impl()->offset == 0 && a.is_contiguous() &&
         a.nbytes() == a.impl()->storage->nbytes();
}
} // namespace

void Recorder::write(const Array &target, int v, const Loc &loc) {
  if (!whole(target))
    fail("an in-place write at ", where(loc), " into a view (shape ",
         format_shape(target.shape()),
         ") of a larger array cannot be traced yet: a trace records values, "
         "and the write would change the array it views too. Write into the "
         "whole array, or compute a new one");
  const ArrayImpl *impl = target.impl().get();
  const Storage *storage = impl->storage.get();
  for (const ArrayImpl *view : by_storage_[storage])
    if (view != impl)
      stale_.insert(view);
  written_storage_.insert(storage);
  bind(target, coerce(v, tracing::type_of(target), loc));
  if (written_set_.insert(impl).second)
    written_.push_back(target);
}

void Recorder::grad_slot(const Array &leaf, bool reads) {
  if (!grad_slot_set_.insert(leaf.impl().get()).second)
    return;
  grad_slots_.emplace_back(leaf, leaf.impl()->grad);
  if (!reads || !outlives_call(leaf))
    return;
  const int input = input_index(leaf);
  effects_.grad_guards.push_back(
      {input < 0 ? leaf : Array(), input, leaf.impl()->grad});
}

void Recorder::persistent(const Array &a) {
  if (outlives_call(a))
    return;
  if (ids_.count(a.impl().get()))
    fail("internal error: an array was declared persistent after a trace "
         "read it");
  persistent_.insert(a.impl().get());
  capture(a);
}

Array Recorder::host_scalar(const double *slot) {
  if (auto it = host_scalars_.find(slot); it != host_scalars_.end())
    return it->second; // one argument per slot
  const Array a = detail::scalar(*slot, float64);
  host_scalars_.emplace(slot, a);
  capture(a);
  effects_.host_inputs.emplace_back(captures_.size() - 1, slot);
  return a;
}

void Recorder::set_host_scalar(double *slot, const Array &value) {
  if (std::find(host_scalars_set_.begin(), host_scalars_set_.end(), slot) ==
      host_scalars_set_.end())
    host_scalars_set_.push_back(slot);
  host_scalars_.insert_or_assign(slot, value); // what later reads see
}

int Recorder::random_uniform(const ir::TensorType &type, std::uint64_t seed,
                             std::uint64_t first, const Loc &loc) {
  if (!first_draw_) {
    // A 0-d int64 argument: which capture it is, and its IR value.
    const auto argument = [&](std::uint64_t bits) {
      const int v =
          capture(detail::scalar(static_cast<std::int64_t>(bits), int64));
      return std::pair{captures_.size() - 1, v};
    };
    const auto [seed_capture, seed_value] = argument(seed);
    const auto [offset_capture, offset_value] = argument(first);
    effects_.random = SideEffects::RandomDraws{seed_capture, offset_capture};
    first_draw_ = {seed, first, seed_value, offset_value};
  }
  if (seed != first_draw_->seed)
    fail("internal error: the generator was reseeded while tracing");
  // Later draws are where the eager run took them, relative to the first
  // (another thread's draws in between leave a gap, which is harmless).
  const std::uint64_t distance = first - first_draw_->counter;
  int offset = first_draw_->offset_value;
  if (distance != 0) {
    const ir::TensorType scalar{{}, int64};
    offset = emit<ops::OpKind::Add>(
        {offset, constant(static_cast<std::int64_t>(distance), int64)}, scalar,
        {}, loc);
  }
  std::uint64_t &counters = effects_.random->counters;
  counters = std::max(counters,
                      distance + static_cast<std::uint64_t>(numel(type.shape)));
  return emit<ops::OpKind::RandomUniform>({first_draw_->seed_value, offset},
                                          type, {}, loc);
}

bool Recorder::depends_on_arguments(const Array &a) const {
  auto it = ids_.find(a.impl().get());
  return it != ids_.end() && dependent_[it->second];
}

ir::TraceGraph Recorder::finish(const std::vector<Array> &outputs) {
  for (const Array &out : outputs)
    graph_.results.push_back(value(out));
  // The effects, each taking the next result after the function's own.
  const auto add = [&](Effect::Kind kind, const Array &target,
                       std::optional<Array> value) {
    const int input = input_index(target);
    effects_.effects.push_back({kind, input < 0 ? target : Array(), input});
    if (value)
      graph_.results.push_back(this->value(*value));
  };
  for (const Array &target : written_)
    if (outlives_call(target))
      add(Effect::Kind::Write, target, target);
  for (const auto &[leaf, at_entry] : grad_slots_) {
    if (!outlives_call(leaf))
      continue;
    const std::shared_ptr<ArrayImpl> &grad = leaf.impl()->grad;
    if (!grad)
      add(Effect::Kind::ClearGrad, leaf, std::nullopt);
    else if (grad != at_entry) // else written in place, or untouched
      add(Effect::Kind::SetGrad, leaf, Array(grad));
  }
  for (double *slot : host_scalars_set_) {
    effects_.effects.push_back(
        {Effect::Kind::SetHostScalar, Array(), -1, slot});
    graph_.results.push_back(this->value(host_scalars_.at(slot)));
  }
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

void derived(const Array &out, const Array &from) {
  Recorder *r = active();
  if (r && r->has_value(from))
    r->bind(out, r->coerce(r->value(from), type_of(out), Loc::current()));
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
