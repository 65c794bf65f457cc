#pragma once
// What the library's own files share and users never see: the array's
// representation and the helpers every op is written with.
#include "npg/Array.h"
#include "npg/Creation.h"
#include "npg/Function.h"
#include "npg/GradMode.h"
#include "npg/Indexing.h"
#include "npg/Ops.h"
#include "npg/runtime/Loops.h"
#include "npg/runtime/Storage.h"
#include "npg/runtime/VectorMath.h"

#include <memory>
#include <utility>

namespace npg {

/// A number for every ArrayImpl ever made, in order: a trace tells the
/// arrays a function created from those it was given by it.
std::uint64_t next_array_serial();

struct ArrayImpl {
  std::uint64_t serial = next_array_serial();
  std::shared_ptr<Storage> storage;
  Shape shape;
  Strides strides;
  std::int64_t offset = 0;
  DType dtype = DType::Float64;
  bool requires_grad = false;
  bool retains_grad = false;
  std::shared_ptr<Function> grad_fn;
  std::shared_ptr<ArrayImpl> grad;
  std::string label; // numpygrad's: a name for pictures of the graph

  void *data() const {
    return static_cast<char *>(storage->data()) +
           offset * static_cast<std::int64_t>(itemsize(dtype));
  }
};

namespace random {
/// The default generator's seed and the first of its next `n` counters,
/// taken under its lock (a draw, eager or compiled).
std::pair<std::uint64_t, std::uint64_t> reserve(std::uint64_t n);
} // namespace random

void set_output(Function &fn, const Array &out);
/// The engine behind Array::backward.
void run_backward(const Array &root, const Array &seed, bool retain_graph);

namespace detail {

/// A new contiguous array with uninitialised elements.
Array empty(const Shape &shape, DType dtype);
/// Another view of x's storage.
Array view(const Array &x, Shape shape, Strides strides, std::int64_t offset);
/// A 0-d array holding `value` as `dtype`.
Array scalar(Scalar value, DType dtype);
/// Throws numpy's error when a float `value` cannot become an integer
/// `dtype` (NaN, infinite, out of range): a C++ cast would be undefined.
void check_representable(Scalar value, DType dtype);

/// A Python-number operand as a 0-d array of the dtype numpy's weak-scalar
/// rule gives `array op scalar`.
inline Array lift(Scalar s, const Array &like) {
  return scalar(s, s.promote_with(like.dtype()));
}

/// Whether an op on these inputs must record the graph.
template <class... A> bool needs_grad(const A &...inputs) {
  return is_grad_enabled() && (inputs.requires_grad() || ...);
}

/// Makes `out` the output of a new graph node `name`, whose derivative is
/// `derivative(grad, context)`. Saved arrays that are `out` itself are kept
/// as detached aliases so that the node never owns its own output.
/// `out` as its own node saves it: detached (no cycle through its node),
/// with out's traced value in a trace.
Array saved_output(const Array &out);

template <class F>
void attach(Array &out, std::string_view name, std::vector<Array> parents,
            std::vector<Array> saved, F derivative) {
  for (Array &s : saved)
    if (s.impl() == out.impl())
      s = saved_output(out);
  auto fn = std::make_shared<LambdaFunction<F>>(
      name, std::move(parents), std::move(saved), std::move(derivative));
  set_output(*fn, out);
  out.impl()->grad_fn = std::move(fn);
  out.impl()->requires_grad = true;
}

/// `grad` summed over the axes along which an operand of `shape` was
/// broadcast, so that it has `shape` again.
Array sum_to(const Array &grad, const Shape &shape);

/// Throws unless `x` may be written in place now (PyTorch's rules: not while
/// it requires grad and grad mode is on, nor when several of its elements
/// share one memory location).
void check_inplace(const Array &x, std::string_view op);

/// x's elements as a loop operand, read with `strides` (e.g. broadcast ones).
template <class T> loops::In<T> in(const Array &x, const Strides &strides) {
  return {static_cast<const T *>(x.raw_data()), strides.data()};
}

/// out = f(x) elementwise over x, whose dtype is T; the result's dtype is
/// that of f's return type.
template <class T, class F> Array map_as(const Array &x, F f) {
  using R = decltype(f(T{}));
  Array out = empty(x.shape(), dtype_of<R>());
  loops::map(static_cast<R *>(out.raw_data()), out.shape(), f,
             in<T>(x, x.strides()));
  return out;
}

/// out = f(x) elementwise in dtype `compute`.
template <class F> Array unary_map(const Array &x, DType compute, F f) {
  const Array xc = x.dtype() == compute ? x : x.astype(compute);
  return visit(compute, [&]<class T>(std::type_identity<T>) {
    return map_as<T>(xc, f);
  });
}

/// The dtype math functions compute in: floats stay, others become float64.
inline DType float_dtype(DType d) {
  return is_floating(d) ? d : DType::Float64;
}

/// out = f(x) for a math function f, computed in float_dtype(x).
template <class F> Array float_map(const Array &x, F f) {
  const DType compute = float_dtype(x.dtype());
  const Array xc = x.dtype() == compute ? x : x.astype(compute);
  return compute == DType::Float32 ? map_as<float>(xc, f)
                                   : map_as<double>(xc, f);
}

/// float_map for a function with a vector kernel `fn`: contiguous runs of x
/// go through vmath::apply, strided ones through the scalar `f`.
template <class F> Array float_map(const Array &x, vmath::Fn fn, F f) {
  const DType compute = float_dtype(x.dtype());
  const Array xc = x.dtype() == compute ? x : x.astype(compute);
  auto go = [&]<class T>(std::type_identity<T>) {
    Array out = empty(xc.shape(), compute);
    T *o = static_cast<T *>(out.raw_data());
    const T *in = static_cast<const T *>(xc.raw_data());
    const Strides os = contiguous_strides(xc.shape());
    loops::for_each_run<2>(
        xc.shape(), {os.data(), xc.strides().data()},
        [&](const auto &off, const auto &is, std::int64_t n) {
          if (is[1] == 1)
            return vmath::apply(fn, in + off[1], o + off[0], n);
          for (std::int64_t j = 0; j < n; ++j)
            o[off[0] + j] = f(in[off[1] + j * is[1]]);
        });
    return out;
  };
  return compute == DType::Float32 ? go(std::type_identity<float>{})
                                   : go(std::type_identity<double>{});
}

/// out = f(a, b) elementwise with numpy broadcasting, both operands cast to
/// `compute`; the result's dtype is that of f's return type.
template <class F>
Array binary_map(const Array &a, const Array &b, DType compute, F f) {
  const Shape shape = broadcast_shapes(a.shape(), b.shape());
  const Array ac = a.dtype() == compute ? a : a.astype(compute);
  const Array bc = b.dtype() == compute ? b : b.astype(compute);
  const Strides sa = broadcast_strides(ac.shape(), ac.strides(), shape);
  const Strides sb = broadcast_strides(bc.shape(), bc.strides(), shape);
  return visit(compute, [&]<class T>(std::type_identity<T>) {
    using R = decltype(f(T{}, T{}));
    Array out = empty(shape, dtype_of<R>());
    loops::map(static_cast<R *>(out.raw_data()), shape, f, in<T>(ac, sa),
               in<T>(bc, sb));
    return out;
  });
}

/// A contiguous copy of x's elements, outside the graph.
inline Array copy_data(const Array &x) {
  return unary_map(x, x.dtype(), []<class T>(T v) { return v; });
}

} // namespace detail
} // namespace npg
