#include "npg/runtime/Storage.h"

#include "npg/runtime/Error.h"

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>

namespace npg {

namespace {
std::atomic<std::int64_t> live_bytes_{0};
std::atomic<std::int64_t> live_count_{0};

/// Large blocks, kept after they are freed for the next array of the same
/// size: a loop over big arrays then reuses memory that is already mapped
/// instead of page-faulting fresh pages in on every op (a 16 MiB buffer is
/// 4,096 faults). Bounded in total; the rest goes back to the allocator.
class BlockCache {
public:
  static constexpr std::size_t min_block = std::size_t{1} << 20;
  static constexpr std::size_t max_cached = std::size_t{512} << 20;

  void *take(std::size_t rounded) {
    if (rounded < min_block)
      return nullptr;
    std::lock_guard lock(mutex_);
    auto it = blocks_.find(rounded);
    if (it == blocks_.end())
      return nullptr;
    void *data = it->second;
    blocks_.erase(it);
    cached_ -= rounded;
    return data;
  }

  void give(void *data, std::size_t rounded) {
    if (rounded >= min_block) {
      std::lock_guard lock(mutex_);
      if (cached_ + rounded <= max_cached) {
        blocks_.emplace(rounded, data);
        cached_ += rounded;
        return;
      }
    }
    std::free(data);
  }

private:
  std::mutex mutex_;
  std::multimap<std::size_t, void *> blocks_;
  std::size_t cached_ = 0;
};

/// Leaked on purpose (construct on first use, never destroyed): an array
/// held by a static made before the first allocation (a global
/// std::vector<Array> filled later) is freed after every later static is
/// destroyed, and must still find the cache. What it holds at exit stays
/// reachable, not a leak.
BlockCache &block_cache() {
  static BlockCache *cache = new BlockCache;
  return *cache;
}

/// aligned_alloc wants a multiple of the alignment; never ask for 0 bytes.
std::size_t rounded_size(std::size_t nbytes) {
  return (std::max<std::size_t>(nbytes, 1) + Storage::alignment - 1) /
         Storage::alignment * Storage::alignment;
}
} // namespace

void *Storage::allocate_block(std::size_t nbytes) {
  const std::size_t rounded = rounded_size(nbytes);
  if (rounded < nbytes) // overflow
    return nullptr;
  void *data = block_cache().take(rounded);
  return data ? data : std::aligned_alloc(alignment, rounded);
}

void Storage::release_block(void *data, std::size_t nbytes) {
  block_cache().give(data, rounded_size(nbytes));
}

std::shared_ptr<Storage> Storage::allocate(std::size_t nbytes) {
  void *data = allocate_block(nbytes);
  if (!data)
    fail("unable to allocate ", nbytes, " bytes");
  live_bytes_ += static_cast<std::int64_t>(nbytes);
  ++live_count_;
  return std::shared_ptr<Storage>(new Storage(data, nbytes));
}

Storage::~Storage() {
  release_block(data_, nbytes_);
  live_bytes_ -= static_cast<std::int64_t>(nbytes_);
  --live_count_;
}

std::int64_t Storage::live_bytes() { return live_bytes_; }
std::int64_t Storage::live_count() { return live_count_; }

} // namespace npg
