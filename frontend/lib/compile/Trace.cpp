// npg::trace: run a function under a Recorder, import the graph as an npg
// dialect module, and (with NPG_DUMP_IR=<dir>) write it out for npg-opt.
#include "npg/Trace.h"

#include "compile/Tracing.h"

#include "npg/IR/TraceImport.h"
#include "npg/Passes/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace npg {

namespace {
/// Module text; with locations inline, so that a dump points at user code
/// and npg-opt reads them back.
std::string print_module(mlir::ModuleOp module, bool locations) {
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, mlir::OpPrintingFlags().enableDebugInfo(
                        locations, /*prettyForm=*/false));
  return text;
}
} // namespace

struct Trace::Impl {
  std::unique_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  ir::TraceGraph graph;
  std::vector<Array> captures;
  std::vector<Array> outputs;
  tracing::SideEffects effects;
};

std::string Trace::mlir(bool locations) const {
  return print_module(*impl_->module, locations);
}
mlir::ModuleOp Trace::module() const { return *impl_->module; }
const ir::TraceGraph &Trace::graph() const { return impl_->graph; }
const std::vector<Array> &Trace::captures() const { return impl_->captures; }
const std::vector<Array> &Trace::outputs() const { return impl_->outputs; }
const tracing::SideEffects &Trace::side_effects() const {
  return impl_->effects;
}

namespace {

/// Writes `text` to <dump path>.mlir when NPG_DUMP_IR is set.
void dump_if_asked(const std::string &name, const std::string &text) {
  const std::string path = tracing::dump_path(name);
  if (path.empty())
    return;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::ofstream out(path + ".mlir");
  out << text;
  if (ec || !out)
    fail("NPG_DUMP_IR: cannot write ", path, ".mlir");
}

} // namespace

std::string tracing::dump_path(const std::string &name) {
  const char *dir = std::getenv("NPG_DUMP_IR");
  if (!dir || !*dir)
    return {};
  static std::atomic<int> counter{0};
  char number[16];
  std::snprintf(number, sizeof number, "%03d-", counter++);
  return std::string(dir) + "/" + number + name;
}

Trace trace_function(const TracedFunction &fn, const std::vector<Array> &inputs,
                     const std::string &name) {
  if (tracing::active())
    fail("trace: a trace cannot start inside another trace");
  auto impl = std::make_shared<Trace::Impl>();
  tracing::Recorder recorder(next_array_serial());
  {
    tracing::Session session(recorder);
    for (const Array &in : inputs)
      recorder.add_input(in);
    impl->outputs = fn(inputs);
  }
  if (impl->outputs.empty())
    fail("trace: the traced function returned no arrays");
  for (std::size_t i = 0; i < impl->outputs.size(); ++i)
    if (!impl->outputs[i].defined())
      fail("trace: output ", i,
           " of the traced function is an undefined Array (a "
           "default-constructed npg::Array(); outputs count from 0); return "
           "only arrays the function computed");
  impl->graph = recorder.finish(impl->outputs);
  impl->graph.name = name;
  impl->captures = recorder.captures();
  impl->effects = recorder.side_effects();

  // Everything npg::compile's pipeline may need, so the same context compiles.
  mlir::DialectRegistry registry;
  registerPipelineDialects(registry);
  impl->context = std::make_unique<mlir::MLIRContext>(
      registry, mlir::MLIRContext::Threading::DISABLED);
  std::string diagnostics;
  {
    mlir::ScopedDiagnosticHandler handler(
        impl->context.get(), [&](mlir::Diagnostic &d) {
          llvm::raw_string_ostream os(diagnostics);
          os << d.getLocation() << ": " << d << "\n";
          return mlir::success();
        });
    impl->module = ir::importTrace(*impl->context, impl->graph);
  }
  if (!impl->module)
    fail("trace: the recorded IR does not verify (an npg bug):\n", diagnostics);
  dump_if_asked(name, print_module(*impl->module, /*locations=*/true));
  return Trace(std::move(impl));
}

} // namespace npg
