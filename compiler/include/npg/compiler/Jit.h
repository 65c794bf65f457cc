#pragma once
// JIT-compiled code: a module in the LLVM dialect made machine code, its
// functions called by name (the ABI is npg/runtime/CompiledAbi.h).
#include "npg/runtime/Shape.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace npg::jit {

/// A contiguous buffer as compiled code sees it: data plus shape.
struct Buffer {
  void *data;
  Shape shape;
};

/// Compiled code. Every function is looked up once, when compiled, so that
/// calls (from any number of threads at once) only read.
///
/// Destroying an Engine does not tear down LLVM's JIT there and then: the
/// code goes to a process-wide registry and is freed by the next compile.
/// An Engine may be destroyed during static destruction (a compiled function
/// held in a static), after LLVM's own function-local statics are gone, and
/// tearing down a JIT then crashes; the next compile is a point where LLVM is
/// known to be alive. What is left at exit is never freed.
/// Machine code as relocatable object files: one per part the module was
/// split into to compile on several threads.
using ObjectCode = std::vector<std::string>;

/// How much code compile() made, for logs: the loop nests and instructions
/// of the LLVM IR before optimisation, and the parts compiled in parallel.
struct CodeSize {
  std::size_t loopNests = 0, instructions = 0, parts = 0;
};

class Engine {
public:
  /// JIT-compiles a module in the LLVM dialect for the host CPU, the IR
  /// optimised at O2 and code generated at O3 (registering the LLVM
  /// translations its context needs), on up to $NPG_COMPILE_THREADS threads
  /// (default: one per core). With `object`, also returns the machine code,
  /// which load() takes back (the disk cache keeps it). Throws npg::Error
  /// with LLVM's message on failure. Thread-safe.
  static std::unique_ptr<Engine> compile(mlir::ModuleOp module,
                                         ObjectCode *object = nullptr,
                                         CodeSize *size = nullptr);
  /// Links object code that compile() made, in a process running the same
  /// npg build on the same CPU, and looks up `functions`. Throws npg::Error
  /// when it does not link or lacks a function. Thread-safe.
  static std::unique_ptr<Engine>
  load(const ObjectCode &object, const std::vector<std::string> &functions);
  ~Engine();
  Engine(const Engine &) = delete;
  Engine &operator=(const Engine &) = delete;

  /// Calls `function` (compiled with llvm.emit_c_interface) on inputs then
  /// outputs. Throws npg::Error if the function is missing. Thread-safe.
  void call(const std::string &function,
            const std::vector<Buffer> &buffers) const;

  /// Engines destroyed but not yet freed (see above); for tests.
  static std::size_t retired();

private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace npg::jit
