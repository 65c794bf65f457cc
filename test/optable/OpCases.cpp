// The op-case table's cases (OpCases.h).
#include "OpCases.h"

namespace difftest {

std::vector<OpCase> op_cases(std::uint64_t seeds) {
  std::vector<OpCase> out;
  for (const OpSpec &spec : op_specs()) {
    if (spec.weight == 0) // never drawn: the tester's self-test op
      continue;
    for (bool special : {false, true})
      for (std::uint64_t seed = 1; seed <= seeds; ++seed)
        out.push_back({spec.name, special, seed});
  }
  return out;
}

std::string case_name(const OpCase &c) {
  return c.op + (c.special ? "_edges_" : "_") + std::to_string(c.seed);
}

void PrintTo(const OpCase &c, std::ostream *os) { *os << case_name(c); }

std::optional<Program> case_program(const OpCase &c) {
  return single_op_program(spec_of(c.op), c.seed, c.special);
}

bool may_have_no_program(const OpCase &c) {
  return !c.special && !spec_of(c.op).differentiable;
}

} // namespace difftest
