// Random programs: each step draws an op from the op-case table by weight,
// lets its spec build a node (operands, reused freely so that
// sub-expressions are shared, or new inputs of a compatible shape, and
// attributes), evaluates it in float64 and keeps it only if the value stays
// in the op's smooth domain, else tries again. A share of programs draws
// inputs with edge values; their nodes are kept whatever their values.
#include "DiffTest.h"

namespace difftest {

namespace {

/// Adds one op to `d`; false if 30 draws found none that fits.
bool step(Draw &d, const GenOptions &opt) {
  int total = 0;
  for (const OpSpec &s : op_specs())
    total += s.weight;
  for (int attempt = 0; attempt < 30; ++attempt) {
    std::int64_t r = d.rng.below(total);
    std::size_t i = 0;
    while (r >= op_specs()[i].weight)
      r -= op_specs()[i++].weight;
    const OpSpec &spec = op_specs()[i];
    if (!opt.allow_untraceable && !spec.traceable)
      continue;
    const std::size_t mark = d.p.nodes.size();
    Node n;
    n.op = spec.name;
    bool built = false;
    try {
      built = spec.build(d, n);
      if (built)
        d.push(std::move(n));
    } catch (const npg::Error &) {
      // With edge values npg may rightly refuse (the maximum of an empty
      // array); otherwise the refusal is a finding: keep the node, so that
      // the check reports it (a generator or an npg bug).
      if (!d.special)
        throw;
      built = false;
    }
    if (built) {
      bool ok = d.vals.back().size() <= 512;
      for (std::size_t j = mark; ok && !d.special && j < d.p.nodes.size(); ++j)
        ok = d.p.nodes[j].op == "input" ||
             !domain_violation(d.p.nodes[j], d.vals);
      if (ok)
        return true;
    }
    d.p.nodes.resize(mark);
    d.vals.resize(mark);
  }
  return false;
}

} // namespace

Program generate(std::uint64_t seed, const GenOptions &options) {
  Draw d{Rng(seed), false, {}, {}};
  d.special = d.rng.chance(options.special);
  npg::NoGradGuard no_grad;
  try {
    for (std::int64_t i = d.rng.range(1, 2); i > 0; --i)
      d.new_input(d.random_shape());
    const std::int64_t n_ops = d.rng.range(1, options.max_ops);
    for (std::int64_t i = 0; i < n_ops; ++i)
      step(d, options);
  } catch (const npg::Error &) {
    // npg refused a node the generator believed valid: keep it, so that the
    // check reports it (a generator or an npg bug).
  }
  return d.p;
}

} // namespace difftest
