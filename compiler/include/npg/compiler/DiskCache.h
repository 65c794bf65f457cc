#pragma once
// Compiled code kept on disk, so that a process compiling a function some
// earlier process compiled loads its machine code instead of running the
// pipeline and LLVM again (the kind of cache JAX and torch.compile keep).
//
// An entry is one file, <directory>/<key>.npgc: the compiled functions'
// names and signatures and the relocatable object LLVM made. The key hashes
// everything the code depends on: the traced module (without locations),
// the compile options, npg's own build, the LLVM version and the host CPU.
// Entries are written to a temporary file and renamed into place, so
// concurrent processes never see half an entry; one that is damaged or was
// made for another key is ignored with a log line, never loaded. When the
// directory grows past its bound, the least recently used entries go.
#include "npg/compiler/Jit.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace npg::compiler {

struct Compiled;
struct Options;

class DiskCache {
public:
  /// The cache the environment asks for: $NPG_CACHE_DIR, else
  /// $XDG_CACHE_HOME/npg, else $HOME/.cache/npg; none when NPG_CACHE_DIR is
  /// set but empty (or no folder can be named). At most $NPG_CACHE_MAX_MB
  /// megabytes (default 1024). Throws npg::Error on a malformed size.
  static std::optional<DiskCache> fromEnvironment();

  DiskCache(std::string directory, std::uint64_t maxBytes);

  /// The key of compiling `module` (before any pass) with `options`.
  static std::string key(mlir::ModuleOp module, const Options &options);

  /// The code stored under `key`, linked and ready to call, or nothing. An
  /// entry that cannot be read or linked is ignored with a line on stderr.
  std::optional<Compiled> load(const std::string &key) const;

  /// Stores `compiled` and its `object` code under `key`, then evicts the
  /// least recently used entries beyond the bound. Never throws: a cache
  /// that cannot be written is reported on stderr once per process.
  void store(const std::string &key, const Compiled &compiled,
             const jit::ObjectCode &object) const;

  const std::string &directory() const { return directory_; }

private:
  std::string path(const std::string &key) const;
  void evict() const;

  std::string directory_;
  std::uint64_t maxBytes_;
};

} // namespace npg::compiler
