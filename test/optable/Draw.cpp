// Drawing a program's pieces: shapes, inputs, operands, thresholds and
// attributes that the OpSpecs build their nodes from.
#include "OpTable.h"

#include <algorithm>
#include <cmath>

namespace difftest {

namespace {

constexpr std::int64_t kMaxValue = 512; // elements in any value
constexpr std::int64_t kMaxInput = 96;  // elements in an input (FD cost)

std::optional<Shape> broadcast(const Shape &a, const Shape &b) {
  Shape out(std::max(a.size(), b.size()), 1);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1;
    const std::int64_t y = i < b.size() ? b[b.size() - 1 - i] : 1;
    if (x != y && x != 1 && y != 1)
      return std::nullopt;
    out[out.size() - 1 - i] = x == 1 ? y : x;
  }
  return out;
}

double round3(double x) { return std::round(x * 1000) / 1000; }

} // namespace

int Draw::push(Node n) {
  p.nodes.push_back(std::move(n));
  vals.push_back(p.nodes.back().op == "input"
                     ? make_input(p.nodes.back(), npg::float64)
                     : eval_node(p.nodes.back(), vals));
  return static_cast<int>(p.nodes.size()) - 1;
}

Shape Draw::random_shape() {
  static const int ndims[] = {0, 1, 1, 1, 2, 2, 2, 3, 3, 4};
  Shape s(static_cast<std::size_t>(ndims[rng.below(10)]));
  for (auto &d : s)
    d = rng.chance(0.25) ? 1 : rng.range(2, 8);
  while (npg::numel(s) > kMaxInput)
    *std::max_element(s.begin(), s.end()) /= 2;
  // Empty dimensions are an edge of their own.
  if (special && !s.empty() && rng.chance(0.1))
    s[static_cast<std::size_t>(
        rng.below(static_cast<std::int64_t>(s.size())))] = 0;
  return s;
}

Shape Draw::compatible_shape(const Shape &s) {
  Shape out(s.begin() + static_cast<long>(
                            rng.below(static_cast<std::int64_t>(s.size()) + 1)),
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

int Draw::new_input(const Shape &shape, bool positive) {
  static const double ranges[][2] = {{-2, 2}, {-1, 1}, {-3, 3}, {0.5, 2}};
  const auto *r = positive ? ranges[3] : ranges[rng.below(4)];
  Node n{"input", {}, {}};
  n.set("shape", shape);
  n.set("lo", r[0]);
  n.set("hi", r[1]);
  n.set("seed", static_cast<std::int64_t>(rng.below(1000000)));
  if (special)
    n.set("special", std::int64_t{1});
  if (rng.chance(0.1))
    n.set("nograd", std::int64_t{1});
  if (shape.size() >= 2 && rng.chance(0.15))
    n.set("layout", std::string("t"));
  else if (!shape.empty() && rng.chance(0.15))
    n.set("layout", std::string("s"));
  return push(std::move(n));
}

int Draw::pick() {
  const auto n = static_cast<std::int64_t>(p.nodes.size());
  if (rng.chance(0.5))
    return static_cast<int>(n - 1 - rng.below(std::min<std::int64_t>(n, 3)));
  return static_cast<int>(rng.below(n));
}

int Draw::pick_compatible(const Shape &s, bool positive) {
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

int Draw::positive(int x) {
  // Edge values stay where they are: log(0) and sqrt(-1) are the point.
  const Array &v = vals[static_cast<std::size_t>(x)];
  if (special || v.size() == 0)
    return x;
  const double lo = npg::min(v).item<double>();
  if (lo > 0.3)
    return x;
  Node n{"adds", {x}, {}};
  n.set("s", std::ceil((0.5 - lo) * 10) / 10);
  return push(std::move(n));
}

double Draw::threshold(int x) {
  const std::vector<double> v =
      vals[static_cast<std::size_t>(x)].to_vector<double>();
  const double at = v.empty() ? 0
                              : v[static_cast<std::size_t>(rng.below(
                                    static_cast<std::int64_t>(v.size())))];
  // Exactly on an input's value: a tie, a clip bound, a where threshold.
  // (Not on a computed value: compiled code may round it differently by an
  // ulp, and the comparison would then rightly go the other way.)
  if (special && std::isfinite(at) &&
      p.nodes[static_cast<std::size_t>(x)].op == "input")
    return at;
  return round3((std::isfinite(at) ? at : 0) + rng.uniform(-0.5, 0.5));
}

std::int64_t Draw::axis(std::int64_t nd) {
  const std::int64_t a = rng.below(nd);
  return rng.chance(0.3) ? a - nd : a;
}

void Draw::set_axes(Node &n, std::int64_t nd) {
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

std::vector<std::int64_t> Draw::permutation(std::int64_t nd) {
  std::vector<std::int64_t> perm(static_cast<std::size_t>(nd));
  for (std::int64_t i = 0; i < nd; ++i)
    perm[static_cast<std::size_t>(i)] = i;
  for (std::int64_t i = nd - 1; i > 0; --i)
    std::swap(perm[static_cast<std::size_t>(i)],
              perm[static_cast<std::size_t>(rng.below(i + 1))]);
  return perm;
}

std::optional<Program> single_op_program(const OpSpec &spec, std::uint64_t seed,
                                         bool special) {
  for (std::uint64_t attempt = 0; attempt < 50; ++attempt) {
    Draw d{Rng(seed * 1000003u + attempt), special, {}, {}};
    npg::NoGradGuard no_grad;
    try {
      d.new_input(d.random_shape());
      Node n;
      n.op = spec.name;
      if (!spec.build(d, n))
        continue;
      d.push(std::move(n));
    } catch (const npg::Error &) {
      continue; // npg refuses this draw (e.g. an empty reduction)
    }
    if (!special && domain_violation(d.p.nodes.back(), d.vals))
      continue;
    return d.p;
  }
  return std::nullopt;
}

} // namespace difftest
