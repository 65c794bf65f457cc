#pragma once
// Every op's derivative rule (and composite ops' expansions), by area.
#include "npg/rules/DataMovement.h"
#include "npg/rules/Elementwise.h"
#include "npg/rules/LinearAlgebra.h"
#include "npg/rules/Reductions.h"
#include "npg/rules/Scans.h"

namespace npg::rules {

// ODS gives an op DifferentiableOpInterface; then it must have a rule here.
#define NPG_CHECK_RULE(Kind)                                                   \
  static_assert(HasRule<OpKind::Kind>,                                         \
                "npg." #Kind " is differentiable in ODS but has no Rule");
NPG_DIFFERENTIABLE_OPS(NPG_CHECK_RULE)
#undef NPG_CHECK_RULE

} // namespace npg::rules
