#pragma once
// The compiler driver: the one way a traced npg module becomes machine code.
// npg-autodiff (when gradients are wanted), the npg pipeline down to the
// LLVM dialect, then the JIT. npg::compile calls it per signature; the
// cache and the autograd bridge stay in the frontend.
#include "npg/IR/TraceGraph.h"
#include "npg/compiler/Jit.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace npg::compiler {

class DiskCache;

/// The types of a compiled function's arguments and results.
struct Signature {
  std::vector<ir::TensorType> arguments, results;
};

struct Options {
  /// The traced function in the module.
  std::string name;
  /// Differentiate with respect to the arguments marked npg.requires_grad:
  /// compile <name>_fwd and <name>_bwd instead of <name>.
  bool withGrad = false;
  /// With withGrad and a scalar result: compile <name>_value_and_grad
  /// alone (the value, then the gradients for a seed of 1).
  bool valueAndGrad = false;
  /// Where to write the IR after every pass of a stage ("autodiff",
  /// "pipeline"); empty: nowhere. Unset: never.
  std::function<std::string(const std::string &stage)> dumpPath;
  /// Where compiled code is looked up first and stored after (DiskCache.h);
  /// null: nowhere. Not consulted when the IR is dumped.
  const DiskCache *diskCache = nullptr;
};

/// Compiled code and what calling it needs.
struct Compiled {
  std::unique_ptr<jit::Engine> engine;
  /// The functions to call; `backward` is empty without gradients and with
  /// valueAndGrad.
  std::string forward, backward;
  Signature forwardSig, backwardSig;
  /// How many results the traced function has (the forward has the
  /// backward's residuals after them).
  std::size_t numResults = 0;
  /// Per residual of the backward: the forward argument it is (the forward
  /// does not return those; the caller passes the argument), or -1 for the
  /// forward's next extra result.
  std::vector<int> residualSource;
  /// How long each stage took, for logs: "autodiff 2 ms, lowering 9 ms, ...".
  std::string phases;
  /// Whether the code was loaded from the disk cache rather than compiled.
  bool fromDisk = false;
};

/// Compiles `options.name` in `module` (which it rewrites). Throws
/// npg::Error with the stage and MLIR's diagnostics when a stage fails.
/// With $NPG_VERIFY_EACH_PASS set the IR is verified after every pass.
Compiled compile(mlir::ModuleOp module, const Options &options);

} // namespace npg::compiler
