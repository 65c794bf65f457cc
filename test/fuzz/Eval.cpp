// Running a program with npg: each node's op, the domain each op is smooth
// on, and the loss the checks differentiate.
#include "DiffTest.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>

namespace difftest {

namespace {

using npg::Axes;
using npg::Scalar;

// Distances below these from a kink, tie or pole make a program invalid: a
// finite difference (eps 1e-6, magnified by the graph) must not cross one.
constexpr double kKink = 1e-2;
constexpr double kPole = 0.1;
constexpr double kHuge = 1e3;

Axes axes_of(const Node &n) {
  if (!n.has("axes") || n.attr("axes") == "all")
    return Axes();
  return Axes(n.ints("axes"));
}

std::optional<std::int64_t> opt_int(const Node &n, const std::string &key) {
  if (!n.has(key) || n.attr(key) == "none")
    return std::nullopt;
  return n.integer(key);
}

std::optional<Scalar> opt_num(const Node &n, const std::string &key) {
  if (!n.has(key) || n.attr(key) == "none")
    return std::nullopt;
  return Scalar(n.num(key));
}

double min_of(const Array &a) {
  return a.size() == 0 ? INFINITY : npg::min(a).item<double>();
}
double max_of(const Array &a) {
  return a.size() == 0 ? -INFINITY : npg::max(a).item<double>();
}

using Unary = Array (*)(const Array &, npg::Loc);
const std::map<std::string, Unary> &unary_ops() {
  static const std::map<std::string, Unary> ops = {
      {"neg", npg::neg},           {"exp", npg::exp},
      {"log", npg::log},           {"sqrt", npg::sqrt},
      {"abs", npg::abs},           {"tanh", npg::tanh},
      {"sigmoid", npg::sigmoid},   {"relu", npg::relu},
      {"sign", npg::sign},         {"sin", npg::sin},
      {"cos", npg::cos},           {"tan", npg::tan},
      {"floor", npg::floor},       {"ceil", npg::ceil},
      {"softplus", npg::softplus}, {"gelu", npg::gelu},
      {"flatten", npg::flatten},   {"contiguous", npg::contiguous},
      {"copy", npg::copy}};
  return ops;
}

} // namespace

bool traceable(const std::string &op) {
  return op != "prod" && op != "cumsum" && op != "cumprod" &&
         op != "selftest_wrong_grad";
}

bool traceable(const Program &p) {
  return std::all_of(p.nodes.begin(), p.nodes.end(),
                     [](const Node &n) { return traceable(n.op); });
}

Array make_input(const Node &input, npg::DType dtype, std::uint64_t reseed) {
  const std::vector<std::int64_t> shape = input.ints("shape");
  npg::random::Generator g(static_cast<std::uint64_t>(input.integer("seed")) +
                           reseed);
  const double lo = input.num("lo"), hi = input.num("hi");
  std::vector<double> data(static_cast<std::size_t>(npg::numel(shape)));
  for (double &d : data)
    d = lo + (hi - lo) * g.uniform01();
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
  const auto arg = [&](std::size_t i) -> const Array & {
    return v.at(static_cast<std::size_t>(n.args.at(i)));
  };
  const std::string &op = n.op;
  // Never generated: the identity with a gradient 1% off, so that a
  // self-test shows the checks catch a wrong derivative.
  if (op == "selftest_wrong_grad")
    return arg(0) + (arg(0) - arg(0).detach()) * 0.01;
  if (auto u = unary_ops().find(op); u != unary_ops().end())
    return u->second(arg(0), npg::Loc::current());
  // Binary, numpy broadcasting.
  if (op == "add")
    return npg::add(arg(0), arg(1));
  if (op == "sub")
    return npg::sub(arg(0), arg(1));
  if (op == "mul")
    return npg::mul(arg(0), arg(1));
  if (op == "div")
    return npg::div(arg(0), arg(1));
  if (op == "pow")
    return npg::pow(arg(0), arg(1));
  if (op == "maximum")
    return npg::maximum(arg(0), arg(1));
  if (op == "minimum")
    return npg::minimum(arg(0), arg(1));
  if (op == "matmul")
    return npg::matmul(arg(0), arg(1));
  // With a number.
  if (n.has("s")) {
    const double s = n.num("s");
    if (op == "adds")
      return arg(0) + s;
    if (op == "rsubs")
      return s - arg(0);
    if (op == "muls")
      return s * arg(0);
    if (op == "divs")
      return arg(0) / s;
    if (op == "rdivs")
      return s / arg(0);
    if (op == "pows")
      return npg::pow(arg(0), s);
    if (op == "rpows")
      return npg::pow(s, arg(0));
    if (op == "maximums")
      return npg::maximum(arg(0), s);
    if (op == "minimums")
      return npg::minimum(arg(0), s);
    if (op == "where_l")
      return npg::where(arg(0) > n.num("c"), s, arg(1));
    if (op == "where_r")
      return npg::where(arg(0) > n.num("c"), arg(1), s);
  }
  if (op == "where")
    return npg::where(arg(0) > n.num("c"), arg(1), arg(2));
  if (op == "clip")
    return npg::clip(arg(0), opt_num(n, "lo"), opt_num(n, "hi"));
  // Reductions.
  const bool keep = n.has("keep") && n.integer("keep") != 0;
  if (op == "sum")
    return npg::sum(arg(0), axes_of(n), keep);
  if (op == "mean")
    return npg::mean(arg(0), axes_of(n), keep);
  if (op == "max")
    return npg::max(arg(0), axes_of(n), keep);
  if (op == "min")
    return npg::min(arg(0), axes_of(n), keep);
  if (op == "prod")
    return npg::prod(arg(0), axes_of(n), keep);
  if (op == "logsumexp")
    return npg::logsumexp(arg(0), axes_of(n), keep);
  if (op == "var")
    return npg::var(arg(0), axes_of(n), n.integer("ddof"), keep);
  if (op == "std")
    return npg::std(arg(0), axes_of(n), n.integer("ddof"), keep);
  if (op == "softmax")
    return npg::softmax(arg(0), n.integer("axis"));
  if (op == "log_softmax")
    return npg::log_softmax(arg(0), n.integer("axis"));
  if (op == "cumsum")
    return npg::cumsum(arg(0), opt_int(n, "axis"));
  if (op == "cumprod")
    return npg::cumprod(arg(0), opt_int(n, "axis"));
  // Shape.
  if (op == "reshape")
    return npg::reshape(arg(0), n.ints("shape"));
  if (op == "transpose")
    return n.has("perm") ? npg::transpose(arg(0), n.ints("perm"))
                         : npg::transpose(arg(0));
  if (op == "permute")
    return npg::permute(arg(0), n.ints("perm"));
  if (op == "swapaxes")
    return npg::swapaxes(arg(0), n.integer("a"), n.integer("b"));
  if (op == "squeeze")
    return npg::squeeze(arg(0), axes_of(n));
  if (op == "unsqueeze")
    return npg::unsqueeze(arg(0), n.integer("axis"));
  if (op == "slice")
    return npg::slice(arg(0), n.integer("axis"), opt_int(n, "start"),
                      opt_int(n, "stop"), n.integer("step"));
  if (op == "select")
    return npg::select(arg(0), n.integer("axis"), n.integer("index"));
  if (op == "broadcast_to")
    return npg::broadcast_to(arg(0), n.ints("shape"));
  throw std::runtime_error("unknown op '" + op + "'");
}

std::optional<std::string> domain_violation(const Node &n,
                                            const std::vector<Array> &v) {
  npg::NoGradGuard no_grad;
  const auto arg = [&](std::size_t i) -> const Array & {
    return v.at(static_cast<std::size_t>(n.args.at(i)));
  };
  const auto reason = [&](const std::string &why) {
    return std::optional<std::string>(n.op + ": " + why);
  };
  const auto near = [&](const Array &x, double at, double margin) {
    return min_of(npg::abs(x - at)) <= margin;
  };
  const std::string &op = n.op;
  if ((op == "log" || op == "sqrt" || op == "pow") && min_of(arg(0)) <= kPole)
    return reason("base or argument not positive");
  if ((op == "div" && near(arg(1), 0, kPole)) ||
      (op == "rdivs" && near(arg(0), 0, kPole)))
    return reason("divisor near 0");
  if (op == "pows") {
    const double s = n.num("s");
    if (s != std::floor(s) && min_of(arg(0)) <= kPole)
      return reason("fractional power of a non-positive base");
    if (s < 0 && near(arg(0), 0, kPole))
      return reason("negative power near 0");
  }
  if ((op == "abs" || op == "relu" || op == "sign") && near(arg(0), 0, kKink))
    return reason("argument near 0");
  if ((op == "floor" || op == "ceil") &&
      min_of(npg::abs(arg(0) - npg::round(arg(0)))) <= kKink)
    return reason("argument near an integer");
  if (op == "tan" && near(npg::cos(arg(0)), 0, kPole))
    return reason("argument near a pole");
  if ((op == "maximum" || op == "minimum") &&
      min_of(npg::abs(arg(0) - arg(1))) <= kKink)
    return reason("a tie");
  if ((op == "maximums" || op == "minimums") && near(arg(0), n.num("s"), kKink))
    return reason("a tie with the number");
  if (op == "clip")
    for (const char *bound : {"lo", "hi"})
      if (auto b = opt_num(n, bound); b && near(arg(0), b->to<double>(), kKink))
        return reason(std::string("argument near ") + bound);
  if ((op == "where" || op == "where_l" || op == "where_r") &&
      near(arg(0), n.num("c"), kKink))
    return reason("condition near its threshold");
  if (op == "max" || op == "min") {
    // Exactly one element within the margin of each extreme.
    const Array x = op == "max" ? arg(0) : -arg(0);
    const Array m = npg::max(x, axes_of(n), true);
    const Array close = npg::where(x >= m - kKink, 1.0, 0.0);
    if (max_of(npg::sum(close, axes_of(n))) > 1)
      return reason("a tie for the extreme");
  }
  if (op == "std") {
    const Array var = npg::var(arg(0), axes_of(n), n.integer("ddof"));
    if (min_of(var) <= 1e-2)
      return reason("variance near 0");
  }
  // The value itself: finite and moderate, for every op.
  const Array out = eval_node(n, v);
  if (out.size() > 0) {
    const double big = max_of(npg::abs(out));
    if (!std::isfinite(big) || big > kHuge)
      return reason("value not finite or beyond 1e3");
  }
  return std::nullopt;
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
  npg::random::Generator g(7919u * static_cast<std::uint64_t>(id) + 1);
  std::vector<double> data(static_cast<std::size_t>(npg::numel(shape)));
  for (double &d : data)
    d = 0.5 + g.uniform01();
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
