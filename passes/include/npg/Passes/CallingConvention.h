//===- CallingConvention.h - the JIT calling convention ---------*- C++ -*-===//
//
// The passes that give the lowered functions the calling convention the JIT
// runtime calls (runtime/include/npg/runtime/JitAbi.h).
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_CALLINGCONVENTION_H
#define NPG_PASSES_CALLINGCONVENTION_H

#include "llvm/ADT/StringRef.h"

#include <memory>

namespace mlir {
class Pass;
} // namespace mlir

namespace npg {

/// npg-unique-returned-buffers (on func.func).
std::unique_ptr<mlir::Pass> createUniqueReturnedBuffersPass();
/// npg-emit-c-interface.
std::unique_ptr<mlir::Pass> createEmitCInterfacePass();
/// npg-noalias-arguments.
std::unique_ptr<mlir::Pass> createNoaliasArgumentsPass();

/// The unit attribute npg-outline-loop-nests puts on a function whose memref
/// arguments view distinct buffers; npg-noalias-arguments makes its pointer
/// arguments noalias.
inline constexpr llvm::StringLiteral kNoaliasArgumentsAttrName =
    "npg.noalias_arguments";

} // namespace npg

#endif // NPG_PASSES_CALLINGCONVENTION_H
