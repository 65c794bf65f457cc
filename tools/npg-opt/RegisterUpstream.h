//===- RegisterUpstream.h - Upstream MLIR registration for npg --*- C++ -*-===//
//
// The upstream dialects, interfaces and passes npg's pipeline uses, named one
// by one: mlir::registerAllDialects/registerAllPasses would cost 35 s and
// 2.5 GB per compile on this machine.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_TOOLS_NPG_OPT_REGISTERUPSTREAM_H
#define NPG_TOOLS_NPG_OPT_REGISTERUPSTREAM_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace npg {

/// Adds the upstream dialects, their external interface models and the
/// dialect extensions needed to lower tensor-level linalg to LLVM.
void registerUpstreamDialects(mlir::DialectRegistry &registry);

/// Registers upstream passes and pass pipelines with the global registry, so
/// that they can be named on the command line and in textual pipelines.
void registerUpstreamPasses();

} // namespace npg

#endif // NPG_TOOLS_NPG_OPT_REGISTERUPSTREAM_H
