// The compiler driver (Compiler.h): autodiff, the npg pipeline, the JIT.
#include "npg/compiler/Compiler.h"

#include "npg/compiler/DiskCache.h"

#include "npg/Passes/Autodiff.h"
#include "npg/Passes/Pipeline.h"
#include "npg/runtime/Error.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace npg::compiler {

namespace {

DType dtype_of(mlir::Type element) {
  if (element.isF32())
    return float32;
  if (element.isF64())
    return float64;
  if (element.isInteger(1))
    return bool_;
  if (element.isInteger(32))
    return int32;
  return int64;
}

std::vector<ir::TensorType> tensor_types(mlir::TypeRange types) {
  std::vector<ir::TensorType> out;
  for (mlir::Type t : types) {
    auto tensor = mlir::cast<mlir::RankedTensorType>(t);
    out.push_back({Shape(tensor.getShape().begin(), tensor.getShape().end()),
                   dtype_of(tensor.getElementType())});
  }
  return out;
}

mlir::func::FuncOp function(mlir::ModuleOp module, const std::string &name) {
  auto func = module.lookupSymbol<mlir::func::FuncOp>(name);
  if (!func)
    fail("compile: no function @", name, " (an npg bug)");
  return func;
}

Signature signature_of(mlir::ModuleOp module, const std::string &name) {
  auto func = function(module, name);
  return {tensor_types(func.getArgumentTypes()),
          tensor_types(func.getResultTypes())};
}

/// Removes the residuals of `forward` that are its own arguments from its
/// results (the caller passes those arrays straight to the backward) and
/// returns where each residual comes from.
std::vector<int> pass_argument_residuals(mlir::func::FuncOp forward,
                                         std::size_t num_results) {
  auto ret = mlir::cast<mlir::func::ReturnOp>(
      forward.getBody().front().getTerminator());
  std::vector<int> source;
  llvm::BitVector drop(ret.getNumOperands());
  for (unsigned i = num_results; i < ret.getNumOperands(); ++i) {
    auto arg = mlir::dyn_cast<mlir::BlockArgument>(ret.getOperand(i));
    source.push_back(arg ? static_cast<int>(arg.getArgNumber()) : -1);
    if (arg)
      drop.set(i);
  }
  ret->eraseOperands(drop);
  (void)forward.eraseResults(drop);
  return source;
}

/// $NPG_VERIFY_EACH_PASS: verify the IR after every pass, as npg-opt does,
/// rather than once after each stage.
bool verify_each_pass() {
  static const bool each = [] {
    const char *value = std::getenv("NPG_VERIFY_EACH_PASS");
    return value && *value && *value != '0';
  }();
  return each;
}

/// "file:line:col" of a diagnostic's location (the user's line in traced
/// code), or MLIR's form of a location without one.
std::string where(mlir::Location loc) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (auto file = loc->findInstanceOf<mlir::FileLineColLoc>())
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn();
  else
    os << loc;
  return text;
}

/// Runs `pipeline` on the module, writing the IR after every pass where
/// options.dumpPath says. The IR is verified once at the end: verifying
/// after each of the pipeline's 30 passes took about as long as running
/// them, and they are tested with verification on (npg-opt's lit tests, and
/// the unit tests set $NPG_VERIFY_EACH_PASS).
void run_passes(mlir::ModuleOp module,
                const std::function<void(mlir::OpPassManager &)> &pipeline,
                const Options &options, const std::string &stage) {
  mlir::PassManager pm(module->getName());
  pm.enableVerifier(verify_each_pass());
  pipeline(pm);
  if (const std::string dir =
          options.dumpPath ? options.dumpPath(stage) : std::string();
      !dir.empty())
    pm.enableIRPrintingToFileTree(
        [](mlir::Pass *, mlir::Operation *) { return false; },
        [](mlir::Pass *, mlir::Operation *) { return true; },
        /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/true,
        /*printAfterOnlyOnFailure=*/false, dir,
        mlir::OpPrintingFlags().enableDebugInfo(true, false));
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(
      module->getContext(), [&](mlir::Diagnostic &d) {
        llvm::raw_string_ostream os(diagnostics);
        os << where(d.getLocation()) << ": " << d << "\n";
        return mlir::success();
      });
  if (mlir::failed(pm.run(module)) || mlir::failed(mlir::verify(module)))
    fail("compile: ", stage, " failed for ", options.name, ":\n", diagnostics);
}

/// Writes the module as the driver gets it to <dumpPath("input")>.mlir,
/// headed by the npg-opt command that replays this compile.
void dump_input(mlir::ModuleOp module, const Options &options) {
  const std::string path =
      options.dumpPath ? options.dumpPath("input") : std::string();
  if (path.empty())
    return;
  std::error_code ec;
  llvm::raw_fd_ostream out(path + ".mlir", ec);
  if (ec)
    fail("NPG_DUMP_IR: cannot write ", path, ".mlir: ", ec.message());
  out << "// Replay: npg-opt " << llvm::sys::path::filename(path)
      << ".mlir --npg-compile=" << options.name
      << (options.valueAndGrad ? " --npg-value-and-grad"
          : options.withGrad   ? " --npg-grad"
                               : "")
      << "\n";
  module->print(out, mlir::OpPrintingFlags().enableDebugInfo(true, false));
}

} // namespace

Compiled compile(mlir::ModuleOp module, const Options &options) {
  Compiled c;
  auto clock = std::chrono::steady_clock::now();
  auto lap = [&](const char *phase) {
    const auto now = std::chrono::steady_clock::now();
    char text[64];
    std::snprintf(
        text, sizeof text, "%s%s %.0f ms", c.phases.empty() ? "" : ", ", phase,
        std::chrono::duration<double, std::milli>(now - clock).count());
    c.phases += text;
    clock = now;
  };
  dump_input(module, options);
  const bool dumping = options.dumpPath && !options.dumpPath("input").empty();
  const DiskCache *disk = dumping ? nullptr : options.diskCache;
  std::string key;
  if (disk) {
    key = DiskCache::key(module, options);
    if (std::optional<Compiled> cached = disk->load(key)) {
      lap("from disk");
      cached->phases = std::move(c.phases);
      cached->fromDisk = true;
      return std::move(*cached);
    }
  }
  const std::string &name = options.name;
  mlir::func::FuncOp func = function(module, name);
  c.numResults = func.getNumResults();
  c.forward = name;
  if (options.withGrad) {
    const AutodiffPassOptions autodiff{.valueAndGrad = options.valueAndGrad};
    run_passes(
        module,
        [&](mlir::OpPassManager &pm) {
          pm.addPass(createAutodiffPass(autodiff));
        },
        options, "autodiff");
    // Only what runs is compiled.
    if (options.valueAndGrad) {
      c.forward = valueAndGradName(name);
      for (const std::string &unused :
           {forwardName(name), backwardName(name), name})
        function(module, unused).erase();
    } else {
      c.forward = forwardName(name);
      c.backward = backwardName(name);
      c.residualSource =
          pass_argument_residuals(function(module, c.forward), c.numResults);
      func.erase();
      c.backwardSig = signature_of(module, c.backward);
    }
  } else {
    // Without gradients the marks mean nothing (and LLVM would warn).
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      func.removeArgAttr(i, kRequiresGradAttrName);
  }
  c.forwardSig = signature_of(module, c.forward);
  lap("autodiff");
  run_passes(module, buildNpgPipeline, options, "pipeline");
  lap("lowering");
  jit::ObjectCode object;
  jit::CodeSize size;
  c.engine = jit::Engine::compile(module, disk ? &object : nullptr, &size);
  lap("LLVM");
  c.phases += " (" + std::to_string(size.loopNests) + " loop nests, " +
              std::to_string(size.instructions) + " instructions, " +
              std::to_string(size.parts) +
              (size.parts == 1 ? " part)" : " parts in parallel)");
  if (disk) {
    disk->store(key, c, object);
    lap("disk write");
  }
  return c;
}

} // namespace npg::compiler
