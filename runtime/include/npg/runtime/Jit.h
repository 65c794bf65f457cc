#pragma once
// JIT-compiled code and its calling convention. A compiled function takes a
// memref descriptor per input and then one per output, each contiguous with
// an identity layout; the caller allocates the outputs; nothing is returned.
#include "npg/runtime/Shape.h"

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

class Engine {
public:
  /// JIT-compiles a module in the LLVM dialect at O3 for the host CPU
  /// (registering the LLVM translations its context needs). Throws
  /// npg::Error with LLVM's message on failure.
  static std::unique_ptr<Engine> compile(mlir::ModuleOp module);
  ~Engine();

  /// Calls `function` (compiled with llvm.emit_c_interface) on inputs then
  /// outputs. Throws npg::Error if the function is missing.
  void call(const std::string &function,
            const std::vector<Buffer> &buffers) const;

private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace npg::jit
