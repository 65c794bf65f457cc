// Random programs: each step draws an op, operands (earlier values, reused
// freely so that sub-expressions are shared, or new inputs of a compatible
// shape) and attributes, evaluates the node in float64 and keeps it only if
// the value stays in the op's smooth domain (Eval.cpp), else tries again.
#include "DiffTest.h"

#include <algorithm>
#include <cmath>

namespace difftest {

namespace {

using Shape = std::vector<std::int64_t>;
constexpr std::int64_t kMaxValue = 512; // elements in any value
constexpr std::int64_t kMaxInput = 96;  // elements in an input (FD cost)

std::optional<Shape> broadcast(const Shape &a, const Shape &b) {
  Shape out(std::max(a.size(), b.size()), 1);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1;
    const std::int64_t y = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (x != y && x != 1 && y != 1)
      return std::nullopt;
    out[out.size() - 1 - i] = std::max(x, y);
  }
  return out;
}

/// numpy's length of x[start:stop:step] on an axis of n.
std::int64_t slice_length(std::int64_t n, std::optional<std::int64_t> start,
                          std::optional<std::int64_t> stop, std::int64_t step) {
  const auto clamp = [&](std::int64_t i, std::int64_t lo, std::int64_t hi) {
    if (i < 0)
      i += n;
    return std::clamp(i, lo, hi);
  };
  if (step > 0) {
    const std::int64_t s = start ? clamp(*start, 0, n) : 0;
    const std::int64_t e = stop ? clamp(*stop, 0, n) : n;
    return e > s ? (e - s + step - 1) / step : 0;
  }
  const std::int64_t s = start ? clamp(*start, -1, n - 1) : n - 1;
  const std::int64_t e = stop ? clamp(*stop, -1, n - 1) : -1;
  return s > e ? (s - e - step - 1) / -step : 0;
}

double round3(double x) { return std::round(x * 1000) / 1000; }

struct Gen {
  Rng rng;
  GenOptions opt;
  Program p;
  std::vector<Array> vals; // float64, no grad

  Shape shape_of(int id) const {
    return vals[static_cast<std::size_t>(id)].shape();
  }
  std::int64_t ndim(int id) const {
    return static_cast<std::int64_t>(shape_of(id).size());
  }

  /// Appends `n` and its value; throws npg::Error if npg rejects it.
  int push(Node n) {
    p.nodes.push_back(std::move(n));
    vals.push_back(p.nodes.back().op == "input"
                       ? make_input(p.nodes.back(), npg::float64)
                       : eval_node(p.nodes.back(), vals));
    return static_cast<int>(p.nodes.size()) - 1;
  }

  Shape random_shape(std::int64_t cap = kMaxInput) {
    static const int ndims[] = {0, 1, 1, 1, 2, 2, 2, 3, 3, 4};
    Shape s(static_cast<std::size_t>(ndims[rng.below(10)]));
    for (auto &d : s)
      d = rng.chance(0.25) ? 1 : rng.range(2, 8);
    while (npg::numel(s) > cap)
      *std::max_element(s.begin(), s.end()) /= 2;
    return s;
  }

  /// A shape that broadcasts with `s`: some leading dims dropped or added,
  /// some dims set to 1.
  Shape compatible_shape(const Shape &s) {
    Shape out(s.begin() + static_cast<long>(rng.below(
                              static_cast<std::int64_t>(s.size()) + 1)),
              s.end());
    if (rng.chance(0.3))
      out = s;
    for (auto &d : out)
      if (rng.chance(0.3))
        d = 1;
    if (out.size() == s.size() && out.size() < 4 && rng.chance(0.15))
      out.insert(out.begin(), rng.range(1, 3));
    while (npg::numel(out) > kMaxInput)
      *std::max_element(out.begin(), out.end()) = 1;
    return out;
  }

  int new_input(const Shape &shape, bool positive = false) {
    static const double ranges[][2] = {{-2, 2}, {-1, 1}, {-3, 3}, {0.5, 2}};
    const auto *r = positive ? ranges[3] : ranges[rng.below(4)];
    Node n{"input", {}, {}};
    n.set("shape", shape);
    n.set("lo", r[0]);
    n.set("hi", r[1]);
    n.set("seed", static_cast<std::int64_t>(rng.below(1000000)));
    if (rng.chance(0.1))
      n.set("nograd", std::int64_t{1});
    if (shape.size() >= 2 && rng.chance(0.15))
      n.set("layout", std::string("t"));
    else if (!shape.empty() && rng.chance(0.15))
      n.set("layout", std::string("s"));
    return push(std::move(n));
  }

  /// An earlier value, recent ones likelier.
  int pick() {
    const auto n = static_cast<std::int64_t>(p.nodes.size());
    if (rng.chance(0.5))
      return static_cast<int>(n - 1 - rng.below(std::min<std::int64_t>(n, 3)));
    return static_cast<int>(rng.below(n));
  }

  /// A value broadcasting with `s`: an earlier one or a new input.
  int pick_compatible(const Shape &s, bool positive = false) {
    std::vector<int> fits;
    for (std::size_t i = 0; i < vals.size(); ++i)
      if (auto b = broadcast(s, vals[i].shape());
          b && npg::numel(*b) <= kMaxValue)
        fits.push_back(static_cast<int>(i));
    if (!fits.empty() && rng.chance(0.7))
      return fits[static_cast<std::size_t>(
          rng.below(static_cast<std::int64_t>(fits.size())))];
    return new_input(compatible_shape(s), positive);
  }

  /// `x` shifted up so that its values are at least 0.5.
  int positive(int x) {
    const double lo =
        npg::min(vals[static_cast<std::size_t>(x)]).item<double>();
    if (lo > 0.3)
      return x;
    Node n{"adds", {x}, {}};
    n.set("s", std::ceil((0.5 - lo) * 10) / 10);
    return push(std::move(n));
  }

  /// A number near x's values, for thresholds and bounds.
  double threshold(int x) {
    const std::vector<double> v =
        vals[static_cast<std::size_t>(x)].to_vector<double>();
    const double at = v.empty() ? 0
                                : v[static_cast<std::size_t>(rng.below(
                                      static_cast<std::int64_t>(v.size())))];
    return round3(at + rng.uniform(-0.5, 0.5));
  }

  std::int64_t axis(std::int64_t nd) { // in [-nd, nd - 1], nd > 0
    const std::int64_t a = rng.below(nd);
    return rng.chance(0.3) ? a - nd : a;
  }

  void set_axes(Node &n, std::int64_t nd) {
    if (rng.chance(0.2))
      return; // all axes
    std::vector<std::int64_t> axes;
    for (std::int64_t a = 0; a < nd; ++a)
      if (rng.chance(0.5))
        axes.push_back(rng.chance(0.3) ? a - nd : a);
    if (axes.empty() && nd > 0 && rng.chance(0.8)) // axis=() is rarer
      axes.push_back(axis(nd));
    n.set("axes", axes);
  }

  std::vector<std::int64_t> permutation(std::int64_t nd) {
    std::vector<std::int64_t> perm(static_cast<std::size_t>(nd));
    for (std::int64_t i = 0; i < nd; ++i)
      perm[static_cast<std::size_t>(i)] = i;
    for (std::int64_t i = nd - 1; i > 0; --i)
      std::swap(perm[static_cast<std::size_t>(i)],
                perm[static_cast<std::size_t>(rng.below(i + 1))]);
    return perm;
  }

  /// Builds one `op` node (and the inputs or shifts it needs); false when
  /// this draw cannot make one.
  bool build(const std::string &op, Node &n) {
    n.op = op;
    static const std::vector<std::string> unary = {
        "neg",      "exp",  "log",     "sqrt",       "abs", "tanh",  "sigmoid",
        "relu",     "sign", "sin",     "cos",        "tan", "floor", "ceil",
        "softplus", "gelu", "flatten", "contiguous", "copy"};
    if (std::find(unary.begin(), unary.end(), op) != unary.end()) {
      const int x = pick();
      n.args = {op == "log" || op == "sqrt" ? positive(x) : x};
      return true;
    }
    if (op == "add" || op == "sub" || op == "mul" || op == "div" ||
        op == "pow" || op == "maximum" || op == "minimum") {
      int a = pick();
      if (op == "pow")
        a = positive(a);
      const bool pos_b = op == "div" && rng.chance(0.5);
      int b = pick_compatible(shape_of(a), pos_b);
      if (op != "div" && op != "pow" && rng.chance(0.5))
        std::swap(a, b);
      n.args = {a, b};
      return true;
    }
    if (op == "matmul")
      return build_matmul(n);
    const int x = pick();
    const std::int64_t nd = ndim(x);
    const Shape shape = shape_of(x);
    n.args = {x};
    if (op == "adds" || op == "rsubs" || op == "muls") {
      n.set("s", round3(rng.uniform(-2, 2)));
    } else if (op == "divs" || op == "rdivs") {
      n.set("s", round3(rng.uniform(0.5, 3) * (rng.chance(0.5) ? 1 : -1)));
    } else if (op == "pows") {
      static const double powers[] = {2, 3, -1, 0.5, 1.5, -0.5, 4, -2};
      n.set("s", powers[rng.below(8)]);
    } else if (op == "rpows") {
      static const double bases[] = {0.5, 2, 3, 1.5};
      n.set("s", bases[rng.below(4)]);
    } else if (op == "maximums" || op == "minimums") {
      n.set("s", threshold(x));
    } else if (op == "clip") {
      const double lo = threshold(x);
      const double hi = round3(lo + rng.uniform(0.2, 2));
      const auto sides = rng.below(3);
      n.set("lo", sides == 1 ? std::string("none") : std::to_string(lo));
      n.set("hi", sides == 2 ? std::string("none") : std::to_string(hi));
    } else if (op == "where" || op == "where_l" || op == "where_r") {
      n.set("c", threshold(x));
      const int a = pick_compatible(shape);
      n.args.push_back(a);
      if (op == "where")
        n.args.push_back(pick_compatible(*broadcast(shape, shape_of(a))));
      else
        n.set("s", round3(rng.uniform(-2, 2)));
    } else if (op == "sum" || op == "mean" || op == "max" || op == "min" ||
               op == "prod" || op == "logsumexp" || op == "var" ||
               op == "std") {
      set_axes(n, nd);
      n.set("keep", rng.below(2));
      if (op == "var" || op == "std") {
        std::int64_t reduced = 1;
        const std::vector<std::int64_t> axes =
            n.has("axes") ? n.ints("axes") : std::vector<std::int64_t>{};
        for (std::int64_t a = 0; a < nd; ++a)
          if (!n.has("axes") ||
              std::count(axes.begin(), axes.end(), a) +
                      std::count(axes.begin(), axes.end(), a - nd) >
                  0)
            reduced *= shape[static_cast<std::size_t>(a)];
        n.set("ddof", reduced > 1 ? rng.below(2) : std::int64_t{0});
      }
    } else if (op == "softmax" || op == "log_softmax") {
      if (nd == 0)
        return false;
      n.set("axis", axis(nd));
    } else if (op == "cumsum" || op == "cumprod") {
      if (nd > 0 && rng.chance(0.7))
        n.set("axis", axis(nd));
      else
        n.set("axis", std::string("none"));
    } else if (op == "reshape") {
      std::int64_t rest = npg::numel(shape);
      const std::int64_t want = rest == 1 ? rng.range(0, 2) : rng.range(1, 4);
      Shape to;
      for (std::int64_t i = 0; i + 1 < want; ++i) {
        std::vector<std::int64_t> divisors;
        for (std::int64_t d = 1; d <= rest; ++d)
          if (rest % d == 0)
            divisors.push_back(d);
        to.push_back(divisors[static_cast<std::size_t>(
            rng.below(static_cast<std::int64_t>(divisors.size())))]);
        rest /= to.back();
      }
      if (want > 0)
        to.push_back(rest);
      if (!to.empty() && rng.chance(0.3))
        to[static_cast<std::size_t>(
            rng.below(static_cast<std::int64_t>(to.size())))] = -1;
      n.set("shape", to);
    } else if (op == "transpose") {
      if (rng.chance(0.5)) {
        auto perm = permutation(nd);
        for (auto &a : perm)
          if (rng.chance(0.2))
            a -= nd;
        n.set("perm", perm);
      }
    } else if (op == "permute") {
      n.set("perm", permutation(nd));
    } else if (op == "swapaxes") {
      if (nd == 0)
        return false;
      n.set("a", axis(nd));
      n.set("b", axis(nd));
    } else if (op == "squeeze") {
      if (rng.chance(0.6)) {
        std::vector<std::int64_t> ones;
        for (std::int64_t a = 0; a < nd; ++a)
          if (shape[static_cast<std::size_t>(a)] == 1 && rng.chance(0.6))
            ones.push_back(rng.chance(0.3) ? a - nd : a);
        n.set("axes", ones);
      }
    } else if (op == "unsqueeze") {
      if (nd >= 4)
        return false;
      n.set("axis", rng.range(-(nd + 1), nd));
    } else if (op == "slice") {
      if (nd == 0)
        return false;
      const std::int64_t ax = axis(nd);
      const std::int64_t len = shape[static_cast<std::size_t>((ax + nd) % nd)];
      static const std::int64_t steps[] = {1, 1, 2, -1, -2, 3};
      const std::int64_t step = steps[rng.below(6)];
      const auto bound = [&]() -> std::optional<std::int64_t> {
        if (rng.chance(0.3))
          return std::nullopt;
        return rng.range(-len - 1, len + 1);
      };
      const auto start = bound(), stop = bound();
      if (slice_length(len, start, stop, step) == 0)
        return false;
      n.set("axis", ax);
      n.set("start", start ? std::to_string(*start) : "none");
      n.set("stop", stop ? std::to_string(*stop) : "none");
      n.set("step", step);
    } else if (op == "select") {
      if (nd == 0)
        return false;
      const std::int64_t ax = axis(nd);
      const std::int64_t len = shape[static_cast<std::size_t>((ax + nd) % nd)];
      n.set("axis", ax);
      n.set("index", rng.range(-len, len - 1));
    } else if (op == "broadcast_to") {
      Shape to = shape;
      for (auto &d : to)
        if (d == 1 && rng.chance(0.6))
          d = rng.range(2, 4);
      for (auto lead = rng.range(0, 2); lead > 0 && to.size() < 4; --lead)
        to.insert(to.begin(), rng.range(1, 4));
      n.set("shape", to);
    } else {
      return false;
    }
    return true;
  }

  bool build_matmul(Node &n) {
    const int a = pick();
    const Shape sa = shape_of(a);
    if (sa.empty())
      return false;
    const std::int64_t k = sa.back();
    // Operands whose contracted dim matches and whose batch dims broadcast.
    const auto fits = [&](const Shape &sb) {
      if (sb.empty())
        return false;
      if (sb.size() == 1)
        return sb[0] == k;
      if (sb[sb.size() - 2] != k)
        return false;
      const Shape ba(sa.begin(), sa.end() - (sa.size() > 1 ? 2 : 1));
      const Shape bb(sb.begin(), sb.end() - 2);
      return broadcast(ba, bb).has_value();
    };
    std::vector<int> cands;
    for (std::size_t i = 0; i < vals.size(); ++i)
      if (fits(vals[i].shape()))
        cands.push_back(static_cast<int>(i));
    int b;
    if (!cands.empty() && rng.chance(0.6)) {
      b = cands[static_cast<std::size_t>(
          rng.below(static_cast<std::int64_t>(cands.size())))];
    } else {
      Shape sb;
      if (rng.chance(0.25)) {
        sb = {k};
      } else {
        if (sa.size() > 2 && rng.chance(0.5))
          sb = compatible_shape(Shape(sa.begin(), sa.end() - 2));
        sb.push_back(k);
        sb.push_back(rng.range(1, 6));
      }
      if (npg::numel(sb) > kMaxInput)
        return false;
      b = new_input(sb);
    }
    n.args = {a, b};
    return true;
  }

  /// Adds one op; false if 30 draws found none in its domain.
  bool step() {
    static const std::vector<std::pair<std::string, int>> ops = {
        {"neg", 1},          {"exp", 2},         {"log", 2},
        {"sqrt", 2},         {"abs", 2},         {"tanh", 2},
        {"sigmoid", 2},      {"relu", 2},        {"sign", 1},
        {"sin", 2},          {"cos", 2},         {"tan", 1},
        {"floor", 1},        {"ceil", 1},        {"softplus", 2},
        {"gelu", 2},         {"add", 4},         {"sub", 4},
        {"mul", 4},          {"div", 3},         {"pow", 3},
        {"maximum", 3},      {"minimum", 3},     {"adds", 1},
        {"rsubs", 1},        {"muls", 1},        {"divs", 1},
        {"rdivs", 1},        {"pows", 2},        {"rpows", 1},
        {"maximums", 2},     {"minimums", 2},    {"clip", 3},
        {"where", 3},        {"where_l", 1},     {"where_r", 1},
        {"matmul", 5},       {"sum", 3},         {"mean", 3},
        {"max", 3},          {"min", 3},         {"prod", 3},
        {"logsumexp", 3},    {"var", 3},         {"std", 3},
        {"softmax", 3},      {"log_softmax", 3}, {"cumsum", 2},
        {"cumprod", 2},      {"reshape", 3},     {"transpose", 2},
        {"permute", 2},      {"swapaxes", 2},    {"squeeze", 2},
        {"unsqueeze", 2},    {"slice", 3},       {"select", 3},
        {"broadcast_to", 3}, {"flatten", 1},     {"contiguous", 1},
        {"copy", 1}};
    int total = 0;
    for (const auto &[op, w] : ops)
      total += w;
    for (int attempt = 0; attempt < 30; ++attempt) {
      std::int64_t r = rng.below(total);
      std::size_t i = 0;
      while (r >= ops[i].second)
        r -= ops[i++].second;
      const std::string &op = ops[i].first;
      if (!opt.allow_untraceable && !traceable(op))
        continue;
      const std::size_t mark = p.nodes.size();
      Node n;
      if (build(op, n)) {
        push(std::move(n)); // an npg::Error here ends generation
        bool ok = vals.back().size() <= kMaxValue;
        for (std::size_t j = mark; ok && j < p.nodes.size(); ++j)
          ok = p.nodes[j].op == "input" || !domain_violation(p.nodes[j], vals);
        if (ok)
          return true;
      }
      p.nodes.resize(mark);
      vals.resize(mark);
    }
    return false;
  }
};

} // namespace

Program generate(std::uint64_t seed, const GenOptions &options) {
  Gen g{Rng(seed), options, {}, {}};
  npg::NoGradGuard no_grad;
  try {
    for (std::int64_t i = g.rng.range(1, 2); i > 0; --i)
      g.new_input(g.random_shape());
    const std::int64_t n_ops = g.rng.range(1, options.max_ops);
    for (std::int64_t i = 0; i < n_ops; ++i)
      g.step();
  } catch (const npg::Error &) {
    // npg refused a node the generator believed valid: keep it, so that the
    // check reports it (a generator or an npg bug).
  }
  return g.p;
}

} // namespace difftest
