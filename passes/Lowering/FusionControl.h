//===- FusionControl.h - When a producer fuses into its consumer -*- C++
//-*-===//
//
// Elementwise fusion inlines a producer's body into its consumer's, where it
// runs once per iteration of the consumer. That saves a buffer and a pass
// over memory, but when the consumer reads each element many times (a
// matmul reads each element of A once per column of B; a broadcast reads a
// row's value once per column) the producer's work is repeated as often:
// tanh fused into a matmul would run n times per element and the product
// would no longer be one BLAS call. npg-fuse-elementwise and
// npg-fuse-siblings share this one rule.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_LOWERING_FUSIONCONTROL_H
#define NPG_PASSES_LOWERING_FUSIONCONTROL_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace npg {

/// Whether `op` only moves elements (a broadcast, a transpose): fused into
/// each of its users it costs nothing, materialised it costs a buffer.
bool onlyMovesElements(mlir::linalg::GenericOp op);

/// Whether the generic producing `operand` should fuse into the generic
/// that reads it: always when the producer only moves elements; otherwise
/// only when the consumer is its only user and either reads each element
/// once, or is all-parallel and the producer's body is plain arithmetic
/// (no math-dialect functions), cheap to repeat. A consumer that reads the
/// producer through several operands would get a copy of its body per
/// operand (exponentially many along a recurrence): only a small body of
/// plain arithmetic fuses there.
bool worthFusing(mlir::OpOperand *operand);

} // namespace npg

#endif // NPG_PASSES_LOWERING_FUSIONCONTROL_H
