#include "npg/runtime/Storage.h"

#include "npg/runtime/Error.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace npg {

namespace {
std::atomic<std::int64_t> live_bytes_{0};
std::atomic<std::int64_t> live_count_{0};
} // namespace

std::shared_ptr<Storage> Storage::allocate(std::size_t nbytes) {
  // aligned_alloc wants a multiple of the alignment; never ask for 0 bytes.
  const std::size_t rounded =
      (std::max<std::size_t>(nbytes, 1) + alignment - 1) / alignment *
      alignment;
  void *data =
      rounded < nbytes ? nullptr : std::aligned_alloc(alignment, rounded);
  if (!data)
    fail("unable to allocate ", nbytes, " bytes");
  live_bytes_ += static_cast<std::int64_t>(nbytes);
  ++live_count_;
  return std::shared_ptr<Storage>(new Storage(data, nbytes));
}

Storage::~Storage() {
  std::free(data_);
  live_bytes_ -= static_cast<std::int64_t>(nbytes_);
  --live_count_;
}

std::int64_t Storage::live_bytes() { return live_bytes_; }
std::int64_t Storage::live_count() { return live_count_; }

} // namespace npg
