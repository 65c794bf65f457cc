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
class Engine {
public:
  /// JIT-compiles a module in the LLVM dialect for the host CPU, the IR
  /// optimised at O2 and code generated at O3 (registering the LLVM
  /// translations its context needs). Throws
  /// npg::Error with LLVM's message on failure. Thread-safe.
  static std::unique_ptr<Engine> compile(mlir::ModuleOp module);
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
