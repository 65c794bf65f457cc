#pragma once
// npg-autodiff: reverse-mode differentiation of npg dialect functions.
//
// For `func.func @f` with at least one argument carrying the unit attribute
// `npg.requires_grad`, differentiation adds two functions and leaves @f as
// it is:
//
//   @f_fwd(args of @f) -> (results of @f..., residuals...)
//   @f_bwd(residuals..., one gradient per result of @f)
//       -> (one gradient per `npg.requires_grad` argument of @f, in order)
//
// Residuals are the forward values the backward needs (arguments,
// intermediate values, i1 masks); their number is
// `f_fwd.getNumResults() - f.getNumResults()`. Gradient arguments and
// results have the types of the values they belong to. Integer and i1
// values carry no gradient (their incoming gradients are unused); an
// argument the results do not depend on gets zeros. @f_fwd's arguments do
// not carry `npg.requires_grad`, and @f_bwd is plain npg IR: mark its
// arguments and differentiate it again for second derivatives.
//
// Both new functions are canonicalized and CSE'd, and residuals that the
// backward does not use after that are dropped.
//
// The pass option value-and-grad adds, for a function whose only result is a
// one-element float tensor,
//
//   @f_value_and_grad(args of @f) -> (result of @f, gradients for seed 1...)
//
// @f_fwd and @f_bwd in one function, so that the values the backward
// recomputes are the forward's own.

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Support/LogicalResult.h"

#include <memory>
#include <string>

namespace npg {

/// The unit attribute marking function arguments that need gradients.
inline constexpr llvm::StringLiteral kRequiresGradAttrName =
    "npg.requires_grad";

/// Name of the generated forward function of `funcName`: "<f>_fwd".
std::string forwardName(llvm::StringRef funcName);
/// Name of the generated backward function of `funcName`: "<f>_bwd".
std::string backwardName(llvm::StringRef funcName);
/// Name of the generated value-and-gradient function of `funcName`:
/// "<f>_value_and_grad".
std::string valueAndGradName(llvm::StringRef funcName);

/// Whether `func` has one result, a float tensor of one element (a loss):
/// what npg-autodiff's value-and-grad option applies to.
bool hasScalarResult(mlir::func::FuncOp func);

/// The functions generated for one differentiated function.
struct GradientFunctions {
  mlir::func::FuncOp forward;  ///< <f>_fwd
  mlir::func::FuncOp backward; ///< <f>_bwd
  /// Residuals: the trailing results of `forward` and the leading arguments
  /// of `backward`.
  unsigned numResiduals = 0;
  /// <f>_value_and_grad, when it was asked for and applies.
  mlir::func::FuncOp valueAndGrad;
};

/// Differentiates `func` (which must have a `npg.requires_grad` argument)
/// and inserts <f>_fwd and <f>_bwd after it in its module. If both already
/// exist they are returned as they are (the function was differentiated
/// before). Fails, with a diagnostic on the offending op, when an op on the
/// path from a marked argument to a result has no derivative rule.
mlir::FailureOr<GradientFunctions> differentiate(mlir::func::FuncOp func);

/// The same for the function named `funcName` in `module`.
mlir::FailureOr<GradientFunctions> differentiate(mlir::ModuleOp module,
                                                 llvm::StringRef funcName);

/// The options of npg-autodiff (see its description in Passes.td).
struct AutodiffPassOptions {
  bool recomputeElementwise = true;
  bool valueAndGrad = false;
};

/// The npg-autodiff pass: differentiates every function of the module with
/// a `npg.requires_grad` argument whose <f>_fwd and <f>_bwd do not exist yet.
std::unique_ptr<mlir::Pass>
createAutodiffPass(const AutodiffPassOptions &options = {});

} // namespace npg
