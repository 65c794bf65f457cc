//===- Autodiff.cpp - npg-autodiff pass -----------------------------------===//

#include "npg/Passes/Autodiff.h"
#include "npg/Passes/Passes.h"

#include "npg/IR/NpgDialect.h"
#include "npg/IR/NpgOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace npg {
#define GEN_PASS_DECL_AUTODIFF
#define GEN_PASS_DEF_AUTODIFF
#include "Passes.h.inc"
// The generated registerAutodiffPasses() is inline; keep it apart from the
// out-of-line one that Passes.h declares.
namespace gen {
#define GEN_PASS_REGISTRATION
#include "Passes.h.inc"
} // namespace gen
} // namespace npg

using namespace mlir;

namespace npg {

std::string forwardName(llvm::StringRef funcName) {
  return (funcName + "_fwd").str();
}
std::string backwardName(llvm::StringRef funcName) {
  return (funcName + "_bwd").str();
}

namespace {
struct AutodiffPass : public ::npg::impl::AutodiffBase<AutodiffPass> {
  void runOnOperation() override {}
};
} // namespace

std::unique_ptr<Pass> createAutodiffPass() { return createAutodiff(); }

void registerAutodiffPasses() { gen::registerAutodiffPasses(); }

} // namespace npg
