//===- InsertChains.h - How long a chain of inserts may be ------*- C++ -*-===//
//
// Shared by the passes that build tensors out of inserts (the concat
// lowering, npg-fold-slice-gradients).
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_INSERTCHAINS_H
#define NPG_PASSES_INSERTCHAINS_H

#include <cstddef>

namespace npg {

/// The most inserts written one into another. Each insert's result aliases
/// the one before, and One-Shot Bufferize's analysis of such a chain grows
/// with its length to the third power or worse (128 inserts: 6 s; 256:
/// 106 s); chains of 16 cost milliseconds. Longer ones are built in groups.
inline constexpr std::size_t kMaxInsertChain = 16;

} // namespace npg

#endif // NPG_PASSES_INSERTCHAINS_H
