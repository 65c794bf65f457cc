//===- npg-opt.cpp - mlir-opt-style driver for npg ------------------------===//
//
// Parses, verifies and transforms MLIR with the dialects and passes npg uses,
// e.g. `npg-opt in.mlir --canonicalize --one-shot-bufferize`. With
// --npg-compile=<function> it compiles as npg::compile does instead (the
// compiler driver: autodiff, the npg pipeline, the JIT), which replays the
// compile of a dumped trace.
//
// MLIR's parser, printer, verifier and passes recurse once per level of
// nesting (regions, attributes, types), so deep enough input would overflow
// the stack. npg-opt therefore refuses input nested deeper than
// kMaxNesting with a diagnostic, and does its work on a thread whose stack
// holds that depth with a wide margin (sanitizer builds included).
//
//===----------------------------------------------------------------------===//

#include "RegisterUpstream.h"

#include "npg/Passes/Passes.h"
#include "npg/compiler/Compiler.h"
#include "npg/runtime/Error.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <tuple>

namespace {

/// Brackets ( [ { < nested deeper than this are refused. Real IR nests a few
/// dozen levels; each level costs at most ~2 KB of stack in a release build.
constexpr unsigned kMaxNesting = 1000;

/// The stack of the thread that parses and transforms (reserved, not
/// committed: only what the recursion touches is used).
constexpr unsigned kStackBytes = 256u << 20;

/// Where the nesting of ( [ { < in `text` first goes deeper than `limit`
/// (string literals and comments aside), or null. A `>` closes a `<` unless
/// it is part of `->`; unbalanced input only makes the count approximate.
const char *firstTooDeep(llvm::StringRef text, unsigned limit) {
  unsigned depth = 0;
  const char *begin = text.begin(), *end = text.end();
  for (const char *p = begin; p < end; ++p) {
    switch (*p) {
    case '"': // a string: skip to its closing quote, past escapes
      for (++p; p < end && *p != '"'; ++p)
        if (*p == '\\')
          ++p;
      break;
    case '/': // a comment: skip to the end of the line
      if (p + 1 < end && p[1] == '/')
        while (p + 1 < end && p[1] != '\n')
          ++p;
      break;
    case '(':
    case '[':
    case '{':
    case '<':
      if (++depth > limit)
        return p;
      break;
    case ')':
    case ']':
    case '}':
      depth -= depth > 0;
      break;
    case '>':
      if (p == begin || p[-1] != '-')
        depth -= depth > 0;
      break;
    default:
      break;
    }
  }
  return nullptr;
}

llvm::cl::OptionCategory compileCategory("npg-opt compile mode");

llvm::cl::opt<std::string> compileFunction(
    "npg-compile",
    llvm::cl::desc("Compile @<function> as npg::compile does (autodiff with "
                   "--npg-grad, the npg pipeline, the JIT) instead of running "
                   "passes; print the LLVM-dialect module the JIT compiled, "
                   "and the time of each phase on standard error"),
    llvm::cl::value_desc("function"), llvm::cl::cat(compileCategory));
llvm::cl::opt<bool> compileGrad(
    "npg-grad",
    llvm::cl::desc("With --npg-compile: differentiate with respect to the "
                   "arguments marked npg.requires_grad (<function>_fwd and "
                   "<function>_bwd), as a traced function with gradients"),
    llvm::cl::cat(compileCategory));
llvm::cl::opt<bool> compileValueAndGrad(
    "npg-value-and-grad",
    llvm::cl::desc("With --npg-compile: one <function>_value_and_grad for a "
                   "scalar result (implies --npg-grad)"),
    llvm::cl::cat(compileCategory));

/// --npg-compile: parses `input`, compiles the function through the compiler
/// driver and prints the module it leaves (in the LLVM dialect) to `output`.
mlir::LogicalResult compile(std::unique_ptr<llvm::MemoryBuffer> input,
                            llvm::raw_ostream &output,
                            mlir::DialectRegistry &registry) {
  mlir::MLIRContext context(registry);
  llvm::SourceMgr sources;
  sources.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  mlir::SourceMgrDiagnosticHandler diagnostics(sources, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sources, &context);
  if (!module)
    return mlir::failure();
  const std::string &name = compileFunction;
  if (!module->lookupSymbol<mlir::func::FuncOp>(name)) {
    llvm::errs() << sources.getMemoryBuffer(sources.getMainFileID())
                        ->getBufferIdentifier()
                 << ": error: --npg-compile: the module has no function @"
                 << name << "\n";
    return mlir::failure();
  }
  // A trace holds one function; the driver compiles the whole module.
  for (auto other :
       llvm::make_early_inc_range(module->getOps<mlir::func::FuncOp>()))
    if (other.getSymName() != name)
      other.erase();
  const npg::compiler::Options options{
      .name = name,
      .withGrad = compileGrad || compileValueAndGrad,
      .valueAndGrad = compileValueAndGrad,
      .dumpPath = {},
  };
  try {
    const npg::compiler::Compiled compiled =
        npg::compiler::compile(*module, options);
    llvm::errs() << "npg-opt: compiled @" << compiled.forward;
    if (!compiled.backward.empty())
      llvm::errs() << " and @" << compiled.backward;
    llvm::errs() << ": " << compiled.phases << "\n";
  } catch (const npg::Error &e) {
    llvm::errs() << "error: " << e.what() << "\n";
    return mlir::failure();
  }
  module->print(output);
  return mlir::success();
}

/// "<file>:<line>:<col>: error: ..." at `at`, then the line around there (60
/// columns before, 20 after: deep nesting often comes on one huge line) and
/// a caret.
void reportTooDeep(std::unique_ptr<llvm::MemoryBuffer> input, const char *at) {
  llvm::SourceMgr sources;
  sources.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  const llvm::SMDiagnostic d = sources.GetMessage(
      llvm::SMLoc::getFromPointer(at), llvm::SourceMgr::DK_Error,
      "the input nests brackets more than " + llvm::Twine(kMaxNesting) +
          " levels deep here; npg-opt refuses deeper nesting (of regions, "
          "attributes or types), which would overflow the parser's stack");
  llvm::errs() << d.getFilename() << ":" << d.getLineNo() << ":"
               << d.getColumnNo() + 1 << ": error: " << d.getMessage() << "\n";
  const llvm::StringRef line = d.getLineContents();
  const std::size_t column = static_cast<std::size_t>(d.getColumnNo());
  const std::size_t from = column > 60 ? column - 60 : 0;
  const std::string prefix = from > 0 ? "..." : "";
  const std::size_t to = std::min(line.size(), column + 21);
  llvm::errs() << prefix << line.substr(from, to - from)
               << (to < line.size() ? "..." : "") << "\n"
               << std::string(prefix.size() + column - from, ' ') << "^\n";
}

/// What MlirOptMain(argc, argv, ...) does once the command line is parsed,
/// with the nesting check between reading the input and parsing it.
mlir::LogicalResult run(llvm::StringRef inputFilename,
                        llvm::StringRef outputFilename,
                        mlir::DialectRegistry &registry,
                        const mlir::MlirOptMainConfig &config) {
  if (config.shouldShowDialects()) {
    llvm::outs() << "Available Dialects: ";
    llvm::interleave(registry.getDialectNames(), llvm::outs(), ",");
    llvm::outs() << "\n";
    return mlir::success();
  }
  // Reading a terminal looks like a hang; say what is going on.
  if (inputFilename == "-" &&
      llvm::sys::Process::FileDescriptorIsDisplayed(fileno(stdin)))
    llvm::errs() << "(processing input from stdin now, hit ctrl-c/ctrl-d to "
                    "interrupt)\n";
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input =
      mlir::openInputFile(inputFilename, &error);
  if (!input) {
    llvm::errs() << error << "\n";
    return mlir::failure();
  }
  if (const char *at = firstTooDeep(input->getBuffer(), kMaxNesting)) {
    reportTooDeep(std::move(input), at);
    return mlir::failure();
  }
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(outputFilename, &error);
  if (!output) {
    llvm::errs() << error << "\n";
    return mlir::failure();
  }
  if (mlir::failed(compileFunction.empty()
                       ? mlir::MlirOptMain(output->os(), std::move(input),
                                           registry, config)
                       : compile(std::move(input), output->os(), registry)))
    return mlir::failure();
  output->keep();
  return mlir::success();
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::DialectRegistry registry;
  npg::registerPipelineDialects(registry);
  npg::registerUpstreamPasses();
  npg::registerAllPasses();
  std::string inputFilename, outputFilename;
  std::tie(inputFilename, outputFilename) = mlir::registerAndParseCLIOptions(
      argc, argv, "npg optimizer driver\n", registry);
  const mlir::MlirOptMainConfig config =
      mlir::MlirOptMainConfig::createFromCLOptions();
  mlir::LogicalResult result = mlir::failure();
  llvm::thread worker(std::optional<unsigned>(kStackBytes), [&] {
    result = run(inputFilename, outputFilename, registry, config);
  });
  worker.join();
  return mlir::asMainReturnCode(result);
}
