//===- RegisterUpstream.h - Upstream MLIR registration for npg --*- C++ -*-===//
//
// The upstream passes npg-opt offers by name, registered one by one:
// mlir::registerAllPasses would cost 35 s and 2.5 GB per compile on this
// machine. (The dialects are npg::registerPipelineDialects, in passes/.)
//
//===----------------------------------------------------------------------===//

#ifndef NPG_TOOLS_NPG_OPT_REGISTERUPSTREAM_H
#define NPG_TOOLS_NPG_OPT_REGISTERUPSTREAM_H

namespace npg {

/// Registers upstream passes and pass pipelines with the global registry, so
/// that they can be named on the command line and in textual pipelines.
void registerUpstreamPasses();

} // namespace npg

#endif // NPG_TOOLS_NPG_OPT_REGISTERUPSTREAM_H
