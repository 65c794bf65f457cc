//===- PopulatePatterns.h - convert-npg-to-linalg by area -------*- C++ -*-===//
//
// The conversion patterns of convert-npg-to-linalg, one file per area (as
// torch-mlir's TorchToLinalg): elementwise ops with a table of scalar
// bodies, reductions, scans, linear algebra, data movement, and random
// numbers.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_CONVERSION_NPGTOLINALG_POPULATEPATTERNS_H
#define NPG_CONVERSION_NPGTOLINALG_POPULATEPATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace npg::conversion {

/// Every Elementwise npg op as a parallel linalg.generic around its scalar
/// body; constants; stop_gradient.
void populateElementwisePatterns(mlir::RewritePatternSet &patterns);
/// reduce_sum, reduce_prod, reduce_max, reduce_min, argmax, argmin.
void populateReductionPatterns(mlir::RewritePatternSet &patterns);
/// linear_scan, as a loop along its axis.
void populateScanPatterns(mlir::RewritePatternSet &patterns);
/// matmul.
void populateLinearAlgebraPatterns(mlir::RewritePatternSet &patterns);
/// broadcast_to, transpose, reshape, slice, insert_slice, concat, gather,
/// scatter_add.
void populateDataMovementPatterns(mlir::RewritePatternSet &patterns);
/// random_uniform.
void populateRandomPatterns(mlir::RewritePatternSet &patterns);

} // namespace npg::conversion

#endif // NPG_CONVERSION_NPGTOLINALG_POPULATEPATTERNS_H
