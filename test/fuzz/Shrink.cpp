// Shrinking a failing program greedily: drop ops (with what uses them),
// bypass ops whose operand has their shape, replace ops by inputs, and shrink
// input dims, keeping each change while the program still fails the same way.
#include "DiffTest.h"

#include <algorithm>
#include <cmath>
#include <iostream>

namespace difftest {

namespace {

/// `p` without the nodes `drop` marks, uses of node i going to redirect[i]
/// (itself unless changed); inputs the change leaves unused go too (inputs
/// unused already stay: an unused input requiring grad can matter).
Program rebuild(const Program &p, std::vector<bool> drop,
                const std::vector<int> &redirect) {
  const std::size_t n = p.nodes.size();
  const auto target = [&](int a) {
    while (redirect[static_cast<std::size_t>(a)] != a)
      a = redirect[static_cast<std::size_t>(a)];
    return a;
  };
  // Anything using a dropped node goes too.
  for (std::size_t i = 0; i < n; ++i)
    for (int a : p.nodes[i].args)
      if (drop[static_cast<std::size_t>(target(a))])
        drop[i] = true;
  std::vector<bool> used(n, false), used_before(n, false);
  for (std::size_t i = 0; i < n; ++i)
    for (int a : p.nodes[i].args) {
      used_before[static_cast<std::size_t>(a)] = true;
      if (!drop[i])
        used[static_cast<std::size_t>(target(a))] = true;
    }
  Program out;
  std::vector<int> id(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    if (drop[i] || (p.nodes[i].op == "input" && used_before[i] && !used[i]))
      continue;
    Node node = p.nodes[i];
    for (int &a : node.args)
      a = id[static_cast<std::size_t>(target(a))];
    id[i] = static_cast<int>(out.nodes.size());
    out.nodes.push_back(std::move(node));
  }
  return out;
}

std::vector<int> identity(std::size_t n) {
  std::vector<int> r(n);
  for (std::size_t i = 0; i < n; ++i)
    r[i] = static_cast<int>(i);
  return r;
}

std::vector<Program> candidates(const Program &p, bool shapes_may_change) {
  const std::size_t n = p.nodes.size();
  std::vector<Program> out;
  std::vector<Array> vals;
  try {
    npg::NoGradGuard no_grad;
    std::vector<Array> in;
    for (const Node &node : p.nodes)
      if (node.op == "input")
        in.push_back(make_input(node, npg::float64));
    vals = run(p, in);
  } catch (const std::exception &) {
    vals.clear(); // an eager error: only structural moves below
  }
  // Drop an op and everything using it, last ops first (or an input).
  for (std::size_t k = n; k-- > 0;)
    if (p.nodes[k].op != "input" ||
        !std::any_of(p.nodes.begin(), p.nodes.end(), [&](const Node &user) {
          return std::count(user.args.begin(), user.args.end(),
                            static_cast<int>(k)) > 0;
        })) {
      std::vector<bool> drop(n, false);
      drop[k] = true;
      out.push_back(rebuild(p, drop, identity(n)));
    }
  // Bypass an op: its users take an operand of the same shape instead.
  for (std::size_t k = 0; k < n && vals.size() == n; ++k)
    for (int a : p.nodes[k].args)
      if (vals[static_cast<std::size_t>(a)].shape() == vals[k].shape()) {
        std::vector<bool> drop(n, false);
        std::vector<int> redirect = identity(n);
        drop[k] = true; // its users follow the redirect, so they stay
        redirect[k] = a;
        Program q = rebuild(p, drop, redirect);
        out.push_back(q);
        break;
      }
  // Replace an op by an input with its shape and range.
  for (std::size_t k = 0; k < n && vals.size() == n; ++k)
    if (p.nodes[k].op != "input" && vals[k].size() > 0) {
      npg::NoGradGuard no_grad;
      Program q = p;
      Node in{"input", {}, {}};
      in.set("shape", vals[k].shape());
      in.set("lo", std::floor(npg::min(vals[k]).item<double>() * 10) / 10);
      in.set("hi", std::ceil(npg::max(vals[k]).item<double>() * 10) / 10 + 0.1);
      in.set("seed", static_cast<std::int64_t>(k));
      q.nodes[k] = in;
      out.push_back(rebuild(q, std::vector<bool>(n, false), identity(n)));
    }
  // Shrink an input's dims (later ops may then refuse: that candidate fails
  // differently and is not taken).
  if (shapes_may_change)
    for (std::size_t k = 0; k < n; ++k)
      if (p.nodes[k].op == "input") {
        const std::vector<std::int64_t> shape = p.nodes[k].ints("shape");
        for (std::size_t d = 0; d < shape.size(); ++d) {
          if (shape[d] == 1) { // drop the dim
            Program q = p;
            std::vector<std::int64_t> s = shape;
            s.erase(s.begin() + static_cast<long>(d));
            q.nodes[k].set("shape", s);
            out.push_back(q);
          }
          for (std::int64_t to : {std::int64_t{1}, shape[d] - 1})
            if (to >= 1 && to < shape[d]) {
              Program q = p;
              std::vector<std::int64_t> s = shape;
              s[d] = to;
              q.nodes[k].set("shape", s);
              out.push_back(q);
            }
        }
      }
  // Contiguous inputs that require grad.
  for (std::size_t k = 0; k < n; ++k)
    for (const std::string key : {"layout", "nograd"})
      if (p.nodes[k].has(key)) {
        Program q = p;
        auto &attrs = q.nodes[k].attrs;
        attrs.erase(
            std::remove_if(attrs.begin(), attrs.end(),
                           [&](const auto &kv) { return kv.first == key; }),
            attrs.end());
        out.push_back(q);
      }
  // Simpler input values: a fixed seed.
  for (std::size_t k = 0; k < n; ++k)
    if (p.nodes[k].op == "input" && p.nodes[k].attr("seed") != "0") {
      Program q = p;
      q.nodes[k].set("seed", std::int64_t{0});
      out.push_back(q);
    }
  return out;
}

bool same_failure(const Outcome &o, const Outcome &failure) {
  return o.kind == Outcome::Failed && o.what == failure.what;
}

} // namespace

Program shrink(const Program &p, const Outcome &failure, bool verbose) {
  CheckOptions options;
  options.compiled = failure.what.rfind("compiled", 0) == 0;
  const bool eager_error = failure.what.rfind("eager-error", 0) == 0;
  Program best = p;
  int tries = 0;
  for (bool progress = true; progress && tries < 600;) {
    progress = false;
    for (const Program &q : candidates(best, !eager_error)) {
      if (++tries > 600)
        break;
      Outcome o;
      try {
        o = check(q, options);
      } catch (const std::exception &) {
        continue;
      }
      if (same_failure(o, failure) && print(q) != print(best)) {
        best = q;
        progress = true;
        if (verbose)
          std::cerr << "  shrunk to " << best.nodes.size() << " nodes\n";
        break;
      }
    }
  }
  return best;
}

} // namespace difftest
