// The checks on one program (Check.h).
#include "Check.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace difftest {

namespace {

std::vector<Array> inputs_of(const Program &p, npg::DType dtype,
                             std::uint64_t reseed, bool requires_grad) {
  std::vector<Array> in;
  for (const Node &n : p.nodes)
    if (n.op == "input") {
      Array x = make_input(n, dtype, reseed);
      if (requires_grad && !n.has("nograd")) // nograd: a constant operand
        x.requires_grad_(true);
      in.push_back(x);
    }
  return in;
}

std::vector<Array> weights_of(const Program &p, const std::vector<Array> &vals,
                              npg::DType dtype) {
  std::vector<Array> w;
  for (int s : sinks(p))
    w.push_back(
        sink_weight(s, vals[static_cast<std::size_t>(s)].shape(), dtype));
  return w;
}

Array grad_or_zeros(const Array &x) {
  const auto g = x.grad();
  return g ? *g : npg::zeros(x.shape(), x.dtype());
}

/// The first element where `actual` and `expected` differ by more than
/// tol + tol * |expected| + floor (NaNs equal), described; nothing if none
/// does.
/// With `exact` (float64 values of the same program), float32 rounding
/// amplified by cancellation is allowed for: an element also passes when
/// it is within tol of the array's largest magnitude, or when it is no
/// further from the float64 value than 10 times eager's own float32 error.
/// With `order_dependent` (overflow_is_order_dependent), a NaN or infinity
/// against another value passes.
std::optional<std::string> differ(const Array &actual, const Array &expected,
                                  double tol, double floor,
                                  bool order_dependent,
                                  const Array *exact = nullptr) {
  if (actual.shape() != expected.shape())
    return "shape " + npg::format_shape(actual.shape()) + " vs " +
           npg::format_shape(expected.shape());
  const std::vector<double> a = actual.to_vector<double>();
  const std::vector<double> e = expected.to_vector<double>();
  const std::vector<double> x =
      exact ? exact->to_vector<double>() : std::vector<double>();
  double scale = 0;
  for (double v : e)
    scale = std::max(scale, std::abs(v));
  for (std::size_t i = 0; i < a.size(); ++i) {
    // NaN where eager has NaN, an infinity where eager has it: exactly.
    if ((std::isnan(a[i]) && std::isnan(e[i])) || a[i] == e[i])
      continue;
    if (order_dependent && !(std::isfinite(a[i]) && std::isfinite(e[i])))
      continue;
    const double err = std::abs(a[i] - e[i]);
    if (exact && (err <= tol * scale ||
                  std::abs(a[i] - x[i]) <=
                      10 * std::abs(e[i] - x[i]) + tol * std::abs(x[i])))
      continue;
    if (!(err <= tol + tol * std::abs(e[i]) + floor)) {
      std::ostringstream s;
      s.precision(17);
      s << "flat index " << i << ": " << a[i] << " vs eager " << e[i];
      return s.str();
    }
  }
  return std::nullopt;
}

Outcome failed(std::string what, std::string detail) {
  return {Outcome::Failed, std::move(what), std::move(detail)};
}

/// Eager float64 values and input gradients; Invalid outside the domain.
Outcome eager_gradients(const Program &p, std::vector<Array> &in,
                        std::vector<Array> &grads, double &loss, bool special) {
  in = inputs_of(p, npg::float64, 0, true);
  std::vector<Array> vals;
  std::size_t next_input = 0;
  for (std::size_t i = 0; i < p.nodes.size(); ++i) {
    const Node &n = p.nodes[i];
    if (n.op == "input") {
      vals.push_back(in[next_input++]);
      continue;
    }
    try {
      vals.push_back(eval_node(n, vals));
    } catch (const npg::Error &e) {
      return failed("eager-error " + n.op, ref(i) + " threw: " + e.what());
    }
    if (special)
      continue;
    if (auto why = domain_violation(n, vals))
      return {Outcome::Invalid, "", ref(i) + " " + *why};
  }
  const Array l = loss_of(p, vals, weights_of(p, vals, npg::float64));
  loss = l.item<double>();
  try {
    if (l.requires_grad())
      l.backward();
  } catch (const npg::Error &e) {
    return failed("backward-error", e.what());
  }
  for (const Array &x : in)
    grads.push_back(grad_or_zeros(x));
  return {};
}

Outcome finite_differences(const Program &p, const std::vector<Array> &grads,
                           double loss) {
  npg::NoGradGuard no_grad;
  std::vector<Array> in = inputs_of(p, npg::float64, 0, false);
  std::vector<bool> in_grad;
  for (const Node &n : p.nodes)
    if (n.op == "input")
      in_grad.push_back(!n.has("nograd"));
  for (Array &x : in)
    x = x.contiguous().copy(); // written in place below, element by element
  const std::vector<Array> w = weights_of(p, run(p, in), npg::float64);
  const double eps = 1e-6;
  for (std::size_t k = 0; k < in.size(); ++k) {
    if (!in_grad[k])
      continue;
    double *x = in[k].data_ptr<double>();
    const std::vector<double> g = grads[k].to_vector<double>();
    for (std::size_t j = 0; j < g.size(); ++j) {
      const double x0 = x[j];
      x[j] = x0 + eps;
      const double up = loss_of(p, run(p, in), w).item<double>();
      x[j] = x0 - eps;
      const double down = loss_of(p, run(p, in), w).item<double>();
      x[j] = x0;
      const double numeric = (up - down) / (2 * eps);
      // Rounding in the loss (|loss| ulps / eps) plus gradcheck's tolerance.
      const double tol =
          1e-5 + 1e-3 * std::abs(numeric) + 1e-9 * std::abs(loss);
      if (!(std::abs(g[j] - numeric) <= tol)) {
        std::ostringstream s;
        s.precision(17);
        s << "d loss / d input " << k << " [flat " << j << "]: backward "
          << g[j] << ", central differences " << numeric;
        return failed("fd-gradient", s.str());
      }
    }
  }
  return {};
}

/// Eager float64 results of the compiled check, the float32 pass's yardstick.
struct Exact {
  std::vector<Array> outputs, grads;
};

/// Compiled against eager in float32 (relative and absolute).
constexpr double kFloat32Tol = 1e-5;

/// backward() inside the compiled function (a training step's form): the
/// gradients it leaves on the call's inputs equal eager ones (`in`, after
/// eager's backward), in float64.
Outcome traced_backward_vs_eager(const Program &p, const std::vector<Array> &in,
                                 const std::vector<Array> &w, double floor,
                                 bool order_dependent) {
  const auto n_in = static_cast<long>(in.size());
  auto step = npg::compile(
      [&p, n_in](const std::vector<Array> &args) {
        const std::vector<Array> ins(args.begin(), args.begin() + n_in);
        const std::vector<Array> ws(args.begin() + n_in, args.end());
        const Array loss = loss_of(p, run(p, ins), ws);
        if (loss.requires_grad())
          loss.backward();
        return std::vector<Array>{loss};
      },
      "difftest_step");
  const auto call = [&](std::vector<Array> args) {
    args.insert(args.end(), w.begin(), w.end());
    return step(args);
  };
  std::vector<Array> traced = inputs_of(p, npg::float64, 0, true);
  try {
    call(inputs_of(p, npg::float64, 1, true)); // traces, on other values
    call(traced);
    if (step.stats().compiles != 1)
      return failed("compiled-step-cache", "expected one compile");
  } catch (const npg::Error &e) {
    return failed("compiled-step-error", e.what());
  }
  for (std::size_t k = 0; k < in.size(); ++k)
    if (auto d = differ(grad_or_zeros(traced[k]), grad_or_zeros(in[k]), 1e-12,
                        floor, order_dependent))
      return failed(
          "compiled-step-grad",
          "gradient of input " + std::to_string(k) +
              " after backward() inside the compiled function: " + *d);
  return {};
}

Outcome compiled_vs_eager(const Program &p, npg::DType dtype, Exact &exact) {
  const std::string tag = dtype == npg::float32 ? "-f32" : "-f64";
  const double tol = dtype == npg::float32 ? kFloat32Tol : 1e-12;
  // Eager reference in this dtype.
  std::vector<Array> in = inputs_of(p, dtype, 0, true);
  const std::vector<Array> vals = run(p, in);
  const std::vector<Array> w = weights_of(p, vals, dtype);
  const Array loss = loss_of(p, vals, w);
  if (loss.requires_grad())
    loss.backward();
  std::vector<Array> expected{loss.detach()};
  std::vector<bool> expected_grad{loss.requires_grad()};
  for (int s : sinks(p)) {
    expected.push_back(vals[static_cast<std::size_t>(s)].detach());
    expected_grad.push_back(vals[static_cast<std::size_t>(s)].requires_grad());
  }
  const bool f32 = dtype == npg::float32;
  const double largest = has_special_inputs(p) ? largest_finite(vals, in) : 0;
  const double floor = tol * largest;
  const bool order_dependent = overflow_is_order_dependent(largest);
  // A tie rounding decides: compiled code may take the other branch.
  const bool gradients_comparable = !has_rounding_tie(p, vals);
  if (!f32) {
    exact.outputs = expected;
    for (const Array &x : in)
      exact.grads.push_back(grad_or_zeros(x));
  }

  const std::size_t n_in = in.size();
  auto compiled = npg::compile(
      [&p, n_in](const std::vector<Array> &args) {
        const std::vector<Array> ins(args.begin(),
                                     args.begin() + static_cast<long>(n_in));
        const std::vector<Array> ws(args.begin() + static_cast<long>(n_in),
                                    args.end());
        const std::vector<Array> v = run(p, ins);
        std::vector<Array> out{loss_of(p, v, ws)};
        for (int s : sinks(p))
          out.push_back(v[static_cast<std::size_t>(s)]);
        return out;
      },
      "difftest");
  const auto call = [&](const std::vector<Array> &ins) {
    std::vector<Array> args = ins;
    args.insert(args.end(), w.begin(), w.end());
    return compiled(args);
  };
  std::vector<Array> in2 = inputs_of(p, dtype, 0, true);
  std::vector<Array> out;
  try {
    // The first call traces, on other values so that none are baked in.
    call(inputs_of(p, dtype, 1, true));
    out = call(in2);
    if (compiled.stats().compiles != 1 || compiled.stats().cache_hits != 1)
      return failed("compiled-cache" + tag, "expected one compile, one hit");
    for (std::size_t i = 0; i < out.size(); ++i)
      if (out[i].requires_grad() != expected_grad[i])
        return failed("compiled-requires-grad" + tag,
                      "output " + std::to_string(i) + " requires_grad " +
                          (expected_grad[i] ? "false" : "true") + ", eager's " +
                          (expected_grad[i] ? "true" : "false"));
    if (out[0].requires_grad())
      out[0].backward();
  } catch (const npg::Error &e) {
    return failed("compiled-error" + tag, e.what());
  }
  // A float32 result of a float64 program (astype_f32) has float32's
  // tolerance: compiled float32 functions are not rounded as libm's. The
  // loss sums every sink, so a float32 sink brings that rounding into it.
  const auto is_float32 = [](const Array &x) {
    return x.dtype() == npg::float32;
  };
  const bool float32_sink =
      std::any_of(expected.begin() + 1, expected.end(), is_float32);
  const auto tol_at = [&](std::size_t i) {
    const bool rounded = i == 0 ? float32_sink : is_float32(expected[i]);
    return rounded ? std::max(tol, kFloat32Tol) : tol;
  };
  for (std::size_t i = 0; i < expected.size(); ++i)
    if (auto d = differ(out[i].detach(), expected[i], tol_at(i), floor,
                        order_dependent, f32 ? &exact.outputs[i] : nullptr))
      return failed(
          "compiled-value" + tag,
          (i == 0 ? std::string("the loss")
                  : "sink " + ref(static_cast<std::size_t>(sinks(p)[i - 1]))) +
              ": " + *d);
  for (std::size_t k = 0; k < n_in && gradients_comparable; ++k)
    if (auto d = differ(grad_or_zeros(in2[k]), grad_or_zeros(in[k]), tol, floor,
                        order_dependent, f32 ? &exact.grads[k] : nullptr))
      return failed("compiled-grad" + tag,
                    "gradient of input " + std::to_string(k) + ": " + *d);
  if (f32)
    return {};
  if (gradients_comparable)
    if (Outcome o = traced_backward_vs_eager(p, in, w, floor, order_dependent);
        o.kind != Outcome::Ok)
      return o;
  // Without grad mode: a forward-only compile of its own, results without
  // grad.
  npg::NoGradGuard no_grad;
  try {
    call(inputs_of(p, dtype, 1, true));
    out = call(inputs_of(p, dtype, 0, true));
  } catch (const npg::Error &e) {
    return failed("compiled-error-nograd", e.what());
  }
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (out[i].requires_grad())
      return failed("compiled-requires-grad-nograd",
                    "output " + std::to_string(i) + " requires grad");
    if (auto d = differ(out[i], expected[i], tol_at(i), floor, order_dependent))
      return failed("compiled-value-nograd",
                    "output " + std::to_string(i) + ": " + *d);
  }
  return {};
}

} // namespace

namespace {
Oracle &oracle() {
  static Oracle o;
  return o;
}
} // namespace

void set_oracle(Oracle o) { oracle() = std::move(o); }

Outcome check(const Program &p, const CheckOptions &options) {
  std::vector<Array> in, grads;
  double loss = 0;
  const bool special = has_special_inputs(p);
  if (Outcome o = eager_gradients(p, in, grads, loss, special);
      o.kind != Outcome::Ok)
    return o;
  // At edge values finite differences mean nothing (kinks, NaN, inf):
  // LibTorch is the oracle there.
  if (special && oracle())
    if (Outcome o = oracle()(p); o.kind == Outcome::Failed)
      return o;
  if (!special)
    if (Outcome o = finite_differences(p, grads, loss); o.kind != Outcome::Ok)
      return o;
  Exact exact;
  if (options.compiled && traceable(p))
    for (npg::DType dtype : {npg::float64, npg::float32})
      if (Outcome o = compiled_vs_eager(p, dtype, exact); o.kind != Outcome::Ok)
        return o;
  return {};
}

} // namespace difftest
