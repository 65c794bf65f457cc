//===- Transforms.h - npg to npg passes -------------------------*- C++ -*-===//

#ifndef NPG_PASSES_TRANSFORMS_H
#define NPG_PASSES_TRANSFORMS_H

#include <memory>

namespace mlir {
class Pass;
} // namespace mlir

namespace npg {

/// npg-decompose: composite ops expanded by their rules' expansions.
std::unique_ptr<mlir::Pass> createDecomposePass();
/// npg-fold-broadcast-reduce.
std::unique_ptr<mlir::Pass> createFoldBroadcastReducePass();
/// npg-fold-slice-gradients.
std::unique_ptr<mlir::Pass> createFoldSliceGradientsPass();

} // namespace npg

#endif // NPG_PASSES_TRANSFORMS_H
