//===- NpgIRFuzzer.cpp - libFuzzer target: npg-opt on arbitrary text ------===//
//
// Feeds arbitrary bytes to what npg-opt does with a file: parse with every
// dialect npg-opt registers, verify, and run npg's passes on a module that
// verifies. Whatever the input, this must not crash, assert or hang; bad
// input is a diagnostic, which the handler here swallows. An npg pass that
// reports success must also leave IR that verifies (else: abort).
//
//===----------------------------------------------------------------------===//

#include "npg/Passes/Autodiff.h"
#include "npg/Passes/Conversion.h"
#include "npg/Passes/Passes.h"
#include "npg/Passes/Pipeline.h"
#include "npg/Passes/Transforms.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>

namespace {

/// Larger inputs only slow the fuzzer down; no bug needs them.
constexpr size_t kMaxInputBytes = 16 * 1024;

const mlir::DialectRegistry &registry() {
  static const mlir::DialectRegistry *r = [] {
    auto *reg = new mlir::DialectRegistry;
    npg::registerPipelineDialects(*reg);
    return reg;
  }();
  return *r;
}

/// Runs `build`'s passes on a copy of `module`, as npg-opt would (verifier
/// after every pass). The result does not matter, only that it returns.
void runPasses(mlir::MLIRContext &ctx, mlir::ModuleOp module,
               const std::function<void(mlir::PassManager &)> &build) {
  mlir::OwningOpRef<mlir::ModuleOp> copy = module.clone();
  mlir::PassManager pm(&ctx);
  pm.enableVerifier(true);
  build(pm);
  (void)pm.run(*copy);
}

/// Runs one of npg's own passes without the pass manager's verifier: when it
/// reports success, what it produced must verify. (Failing with a
/// diagnostic is fine; succeeding with invalid IR is a bug in the pass.)
void runNpgPass(mlir::MLIRContext &ctx, mlir::ModuleOp module,
                std::unique_ptr<mlir::Pass> pass) {
  mlir::OwningOpRef<mlir::ModuleOp> copy = module.clone();
  const std::string name = pass->getArgument().str();
  mlir::PassManager pm(&ctx);
  pm.enableVerifier(false);
  pm.addPass(std::move(pass));
  if (mlir::succeeded(pm.run(*copy)) && mlir::failed(mlir::verify(*copy))) {
    llvm::errs() << "npg-ir-fuzzer: " << name
                 << " succeeded but its output does not verify\n";
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > kMaxInputBytes)
    return -1; // not worth keeping in the corpus

  // A fresh context per input: nothing leaks from one input to the next,
  // and dialects load lazily, only those the input names.
  mlir::MLIRContext ctx(registry(), mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler swallow(
      &ctx, [](mlir::Diagnostic &) { return mlir::success(); });

  // npg-opt reads files into null-terminated buffers; the lexer relies on it.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size),
          "fuzz-input"),
      llvm::SMLoc());
  mlir::ParserConfig config(&ctx, /*verifyAfterParse=*/true);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, config);
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;

  runNpgPass(ctx, *module, npg::createAutodiffPass());
  runNpgPass(ctx, *module, npg::createFoldBroadcastReducePass());
  runNpgPass(ctx, *module, npg::createConvertNpgToLinalgPass());
  runPasses(ctx, *module,
            [](mlir::PassManager &pm) { npg::buildNpgPipeline(pm); });
  // The gradient path of npg::compile: differentiate, then lower it all.
  runPasses(ctx, *module, [](mlir::PassManager &pm) {
    pm.addPass(npg::createAutodiffPass());
    npg::buildNpgPipeline(pm);
  });
  return 0;
}
