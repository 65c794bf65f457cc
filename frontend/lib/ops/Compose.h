#pragma once
// Recording an op that has no dialect op of its own as the sequence of
// dialect ops that computes it (softplus as maximum, abs, neg, exp, add, log,
// add): the eager op computes with its own kernel and records this instead.
#include "Tracing.h"

#include <string>

namespace npg::tracing {

class Composer {
public:
  Composer(Recorder &rec, const Loc &loc) : rec_(rec), loc_(loc) {}

  /// `a` as an IR value of (shape, dtype): cast and broadcast as needed.
  int input(const Array &a, const Shape &shape, DType dtype) {
    return rec_.operand(a, shape, dtype, loc_);
  }
  /// A constant of `like`'s type (a broadcast 0-d constant).
  int constant(Scalar s, int like) {
    const ir::TensorType t = rec_.type_of(like);
    return rec_.coerce(rec_.constant(s, t.dtype), t, loc_);
  }
  /// op(v) with v's type.
  int unary(const std::string &op, int v) {
    return rec_.emit(op, {v}, rec_.type_of(v), {}, loc_);
  }
  /// op(a, b), both of one type (a's).
  int binary(const std::string &op, int a, int b) {
    return rec_.emit(op, {a, b}, rec_.type_of(a), {}, loc_);
  }
  /// op(a, constant s).
  int binary(const std::string &op, int a, Scalar s) {
    return binary(op, a, constant(s, a));
  }
  /// op(constant s, b).
  int binary(const std::string &op, Scalar s, int b) {
    return binary(op, constant(s, b), b);
  }
  /// npg.compare: a bool tensor of a's shape.
  int compare(const std::string &predicate, int a, int b) {
    return rec_.emit("npg.compare", {a, b}, {rec_.type_of(a).shape, bool_},
                     {{"predicate", predicate}}, loc_);
  }
  /// npg.select(cond, a, b) with a's type.
  int select(int cond, int a, int b) {
    return rec_.emit("npg.select", {cond, a, b}, rec_.type_of(a), {}, loc_);
  }
  /// A reduction (npg.reduce_sum / _max / _min) of v over `axes`.
  int reduce(const std::string &op, int v, const std::vector<bool> &reduced,
             bool keepdims) {
    const ir::TensorType t = rec_.type_of(v);
    std::vector<std::int64_t> axes;
    Shape shape;
    for (std::size_t i = 0; i < reduced.size(); ++i) {
      if (reduced[i])
        axes.push_back(static_cast<std::int64_t>(i));
      if (!reduced[i])
        shape.push_back(t.shape[i]);
      else if (keepdims)
        shape.push_back(1);
    }
    return rec_.emit(op, {v}, {shape, t.dtype},
                     {{"axes", axes}, {"keepdims", keepdims}}, loc_);
  }
  /// v broadcast (numpy's right-aligned rule) to `shape`.
  int broadcast(int v, const Shape &shape) {
    return rec_.coerce(v, {shape, rec_.type_of(v).dtype}, loc_);
  }
  /// v converted to `dtype`.
  int cast(int v, DType dtype) {
    return rec_.coerce(v, {rec_.type_of(v).shape, dtype}, loc_);
  }
  int reshape(int v, const Shape &shape) {
    return rec_.emit("npg.reshape", {v}, {shape, rec_.type_of(v).dtype}, {},
                     loc_);
  }
  /// Makes `out` the traced value `v` (whose type must be out's).
  void result(const Array &out, int v) {
    rec_.bind(out, rec_.coerce(v, type_of(out), loc_));
  }

private:
  Recorder &rec_;
  Loc loc_;
};

} // namespace npg::tracing
