// npg_jit_malloc / npg_jit_free, the allocator compiled code calls: aligned,
// usable, and large blocks come back from the cache instead of being mapped
// in afresh (the page faults that made compiled temporaries slow).
#include "npg/runtime/CompiledAbi.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

TEST(JitMalloc, BlocksAreAlignedAndUsable) {
  for (std::size_t n : {std::size_t{1}, std::size_t{100}, std::size_t{4096},
                        std::size_t{3} << 20}) {
    void *p = npg_jit_malloc(n);
    ASSERT_NE(p, nullptr) << n;
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 64, 0u) << n;
    std::memset(p, 0xab, n);
    EXPECT_EQ(static_cast<unsigned char *>(p)[n - 1], 0xab);
    npg_jit_free(p);
  }
  npg_jit_free(nullptr); // as free(nullptr): nothing
}

TEST(JitMalloc, LargeBlocksAreReused) {
  const std::size_t n = std::size_t{5} << 20;
  void *first = npg_jit_malloc(n);
  npg_jit_free(first);
  void *second = npg_jit_malloc(n);
  EXPECT_EQ(first, second);
  npg_jit_free(second);
}

TEST(JitMalloc, ImpossibleSizesGiveNull) {
  EXPECT_EQ(npg_jit_malloc(SIZE_MAX), nullptr);
  EXPECT_EQ(npg_jit_malloc(SIZE_MAX - 32), nullptr);
}
