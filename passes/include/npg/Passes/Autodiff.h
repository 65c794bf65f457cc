#pragma once
// npg-autodiff: reverse-mode differentiation of npg dialect functions.

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Support/LogicalResult.h"

#include <memory>
#include <string>

namespace npg {

/// Name of the attribute marking function arguments that need gradients.
inline constexpr const char *kRequiresGradAttrName = "npg.requires_grad";

/// Name of the generated forward function of `funcName` ("<f>_fwd").
std::string forwardName(llvm::StringRef funcName);
/// Name of the generated backward function of `funcName` ("<f>_bwd").
std::string backwardName(llvm::StringRef funcName);

/// The npg-autodiff pass over a module.
std::unique_ptr<mlir::Pass> createAutodiffPass();

} // namespace npg
