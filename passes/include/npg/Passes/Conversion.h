//===- Conversion.h - npg dialect conversions -------------------*- C++ -*-===//

#ifndef NPG_PASSES_CONVERSION_H
#define NPG_PASSES_CONVERSION_H

#include <memory>

namespace mlir {
class Pass;
} // namespace mlir

namespace npg {

/// convert-npg-to-linalg.
std::unique_ptr<mlir::Pass> createConvertNpgToLinalgPass();

} // namespace npg

#endif // NPG_PASSES_CONVERSION_H
