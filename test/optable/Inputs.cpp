// Running a program with npg: inputs (edge values included), one node's
// value and domain through its OpSpec, and the loss the checks
// differentiate.
#include "OpTable.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>

namespace difftest {

namespace {

// Distances below these from a kink, tie or pole make a program invalid: a
// finite difference (eps 1e-6, magnified by the graph) must not cross one.
constexpr double kHuge = 1e3;

/// x's elements, a share replaced by edge values: ±0, ±1, ±inf, NaN,
/// denormals, huge and tiny magnitudes, repeats of earlier elements (ties),
/// or the whole array one value (zero variance).
void make_special(std::vector<double> &data, Rng &rng) {
  static const double palette[] = {
      0.0,
      -0.0,
      1.0,
      -1.0,
      std::numeric_limits<double>::quiet_NaN(),
      std::numeric_limits<double>::infinity(),
      -std::numeric_limits<double>::infinity(),
      std::numeric_limits<double>::denorm_min(),
      -2.2250738585072014e-309, // a denormal
      1e300,
      -1e300,
      1e-300,
  };
  constexpr std::int64_t n_palette = sizeof palette / sizeof palette[0];
  if (!data.empty() && rng.chance(0.15)) {
    std::fill(data.begin(), data.end(), data[0]);
    return;
  }
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (!rng.chance(0.4))
      continue;
    if (i > 0 && rng.chance(0.35))
      data[i] = data[static_cast<std::size_t>(
          rng.below(static_cast<std::int64_t>(i)))];
    else
      data[i] = palette[rng.below(n_palette)];
  }
}

} // namespace

const OpSpec &spec_of(const std::string &op) {
  static const std::unordered_map<std::string, const OpSpec *> by_name = [] {
    std::unordered_map<std::string, const OpSpec *> m;
    for (const OpSpec &s : op_specs())
      m.emplace(s.name, &s);
    return m;
  }();
  auto it = by_name.find(op);
  if (it == by_name.end())
    throw std::runtime_error("unknown op '" + op + "'");
  return *it->second;
}

bool traceable(const Program &p) {
  return std::all_of(p.nodes.begin(), p.nodes.end(), [](const Node &n) {
    return n.op == "input" || spec_of(n.op).traceable;
  });
}

bool has_special_inputs(const Program &p) {
  return std::any_of(p.nodes.begin(), p.nodes.end(), [](const Node &n) {
    return n.op == "input" && n.has("special");
  });
}

double largest_finite(const std::vector<Array> &values,
                      const std::vector<Array> &inputs) {
  double m = 0;
  const auto scan = [&m](const Array &a) {
    for (double v : a.detach().astype(npg::float64).to_vector<double>())
      if (std::isfinite(v))
        m = std::max(m, std::abs(v));
  };
  for (const Array &a : values)
    scan(a);
  for (const Array &x : inputs)
    if (const auto g = x.grad())
      scan(*g);
  return m;
}

bool overflow_is_order_dependent(double largest) { return largest >= 1e100; }

Array make_input(const Node &input, npg::DType dtype, std::uint64_t reseed) {
  const std::vector<std::int64_t> shape = input.ints("shape");
  const auto seed = static_cast<std::uint64_t>(input.integer("seed"));
  // The tester's own generator, not npg's: a regression file must replay
  // the values it was found with whatever npg's generator becomes.
  Rng g(seed + reseed);
  const double lo = input.num("lo"), hi = input.num("hi");
  std::vector<double> data(static_cast<std::size_t>(npg::numel(shape)));
  for (double &d : data)
    d = g.uniform(lo, hi);
  if (input.has("special")) {
    Rng rng(seed * 31 + reseed + 7);
    make_special(data, rng);
  }
  Array x = npg::array(data, shape).astype(dtype);
  // The same values in a non-contiguous layout: transposed storage, or
  // every other element of a larger array.
  const std::string layout = input.has("layout") ? input.attr("layout") : "";
  if (layout == "t")
    x = x.transpose().copy().transpose();
  else if (layout == "s" && x.ndim() > 0)
    x = x.unsqueeze(-1)
            .broadcast_to([&] {
              npg::Shape s = x.shape();
              s.push_back(2);
              return s;
            }())
            .copy()
            .select(-1, 0);
  else if (!layout.empty())
    throw std::runtime_error("unknown input layout '" + layout + "'");
  return x;
}

Array eval_node(const Node &n, const std::vector<Array> &v) {
  Args args;
  for (int a : n.args)
    args.push_back(v.at(static_cast<std::size_t>(a)));
  return spec_of(n.op).eval(n, args);
}

std::optional<std::string> domain_violation(const Node &n,
                                            const std::vector<Array> &v) {
  npg::NoGradGuard no_grad;
  Args args;
  for (int a : n.args)
    args.push_back(v.at(static_cast<std::size_t>(a)));
  if (!spec_of(n.op).differentiable)
    return n.op + ": no gradient by design";
  if (auto why = spec_of(n.op).kink(n, args))
    return n.op + ": " + *why;
  // The value itself: finite and moderate, for every op.
  const Array out = spec_of(n.op).eval(n, args);
  if (out.size() > 0) {
    const double big = npg::max(npg::abs(out)).item<double>();
    if (!std::isfinite(big) || big > kHuge)
      return n.op + ": value not finite or beyond 1e3";
  }
  return std::nullopt;
}

bool has_rounding_tie(const Program &p, const std::vector<Array> &values) {
  const npg::NoGradGuard no_grad;
  for (const Node &n : p.nodes) {
    if (n.op == "input")
      continue;
    Args args;
    for (int a : n.args)
      args.push_back(values.at(static_cast<std::size_t>(a)).detach());
    if (spec_of(n.op).rounding_tie(n, args))
      return true;
  }
  return false;
}

std::vector<int> sinks(const Program &p) {
  std::vector<bool> used(p.nodes.size(), false);
  for (const Node &n : p.nodes)
    for (int a : n.args)
      used[static_cast<std::size_t>(a)] = true;
  std::vector<int> out;
  for (std::size_t i = 0; i < p.nodes.size(); ++i)
    if (!used[i] && p.nodes[i].op != "input")
      out.push_back(static_cast<int>(i));
  return out;
}

Array sink_weight(int id, const npg::Shape &shape, npg::DType dtype) {
  Rng g(7919u * static_cast<std::uint64_t>(id) + 1);
  std::vector<double> data(static_cast<std::size_t>(npg::numel(shape)));
  for (double &d : data)
    d = g.uniform(0.5, 1.5);
  return npg::array(data, shape).astype(dtype);
}

std::vector<Array> run(const Program &p, const std::vector<Array> &inputs) {
  std::vector<Array> values;
  std::size_t next_input = 0;
  for (const Node &n : p.nodes)
    values.push_back(n.op == "input" ? inputs.at(next_input++)
                                     : eval_node(n, values));
  return values;
}

Array loss_of(const Program &p, const std::vector<Array> &values,
              const std::vector<Array> &weights) {
  const std::vector<int> out = sinks(p);
  Array loss;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const Array term =
        npg::sum(values[static_cast<std::size_t>(out[i])] * weights.at(i));
    loss = loss.defined() ? loss + term : term;
  }
  if (!loss.defined())
    throw std::runtime_error("the program has no ops");
  return loss;
}

} // namespace difftest
