#pragma once
// npg::compile: trace a function on its first call per signature, compile the
// trace (and, when inputs require grad, its gradient) to fused CPU code, and
// run the compiled code on later calls. The compiled region is one node of
// the eager autograd graph, so backward() runs the compiled backward.
#include "npg/Array.h"
#include "npg/Trace.h"

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace npg {

struct CompileStats {
  std::int64_t compiles = 0;   // traces compiled (one per new signature)
  std::int64_t disk_hits = 0;  // of those, code loaded from the disk cache
  std::int64_t cache_hits = 0; // calls that ran already-compiled code
  double compile_ms = 0;       // time spent tracing and compiling
  std::int64_t evictions = 0;  // signatures dropped to stay within capacity
  std::int64_t cached = 0;     // signatures cached now
  std::int64_t capacity = 0;   // at most this many are cached
};

namespace detail {
class CompileCache;
std::shared_ptr<CompileCache> make_compile_cache(std::string name);
std::vector<Array> call_compiled(CompileCache &cache, const TracedFunction &fn,
                                 const std::vector<Array> &inputs);
CompileStats compile_stats(const CompileCache &cache);
void set_compile_cache_size(CompileCache &cache, std::size_t size);

template <class R> R from_outputs(std::vector<Array> out) {
  if constexpr (std::is_same_v<R, Array>)
    return std::move(out[0]);
  else if constexpr (std::is_same_v<R, std::vector<Array>>)
    return out;
  else
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return R{std::move(out[I])...};
    }
  (std::make_index_sequence<std::tuple_size_v<R>>{});
}
} // namespace detail

/// A compiled function; calls it like the function it was made from. Calls
/// from several threads at once are safe. Copies share one cache.
template <class F> class Compiled {
public:
  Compiled(F fn, std::string name)
      : fn_(std::move(fn)),
        cache_(detail::make_compile_cache(std::move(name))) {}

  template <class... A> auto operator()(const A &...args) const {
    using R = std::decay_t<std::invoke_result_t<const F &, const A &...>>;
    const TracedFunction traced = [this](const std::vector<Array> &in) {
      return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return detail::as_outputs(fn_(in[I]...));
      }
      (std::index_sequence_for<A...>{});
    };
    return detail::from_outputs<R>(
        detail::call_compiled(*cache_, traced, std::vector<Array>{args...}));
  }

  /// For functions of a std::vector<Array>.
  auto operator()(
      const std::vector<Array> &args) const requires std::invocable < const F &,
      const std::vector<Array>
  & > {
    using R = std::decay_t<
        std::invoke_result_t<const F &, const std::vector<Array> &>>;
    const TracedFunction traced = [this](const std::vector<Array> &in) {
      return detail::as_outputs(fn_(in));
    };
    return detail::from_outputs<R>(
        detail::call_compiled(*cache_, traced, args));
  }

  CompileStats stats() const { return detail::compile_stats(*cache_); }

  /// Keeps at most `size` signatures compiled (default 64, or
  /// $NPG_COMPILE_CACHE_SIZE), evicting the least recently used.
  void set_cache_size(std::size_t size) {
    detail::set_compile_cache_size(*cache_, size);
  }

private:
  F fn_;
  std::shared_ptr<detail::CompileCache> cache_;
};

/// Compiles `fn` (taking Arrays, returning an Array, std::vector<Array>,
/// std::pair or std::tuple of Arrays). Arrays it captures (a model's
/// parameters) are bound by identity: update them in place, as optimizers
/// do, or pass them as arguments.
template <class F>
Compiled<std::decay_t<F>> compile(F &&fn, std::string name = "compiled") {
  return Compiled<std::decay_t<F>>(std::forward<F>(fn), std::move(name));
}

} // namespace npg
