// Long contiguous runs reduced into one slot are split over partial
// accumulators (loops::reduce); every element must still count exactly once,
// wherever it sits relative to the partials and the tail.
#include "Expect.h"

#include <cmath>
#include <limits>

namespace {

TEST(ReduceKernel, SumsOfLongRunsCountEveryElementOnce) {
  for (std::int64_t n : {31, 32, 33, 39, 40, 1000, 1001}) {
    const npg::Array x = npg::arange(n);
    EXPECT_EQ(npg::sum(x).item<std::int64_t>(), n * (n - 1) / 2) << n;
    EXPECT_DOUBLE_EQ(npg::mean(x.astype(npg::float32)).item<float>(),
                     static_cast<float>(n - 1) / 2)
        << n;
  }
}

TEST(ReduceKernel, ExtremaAndLogicSeeEveryPosition) {
  for (std::int64_t at : {0, 7, 8, 517, 992, 999}) {
    npg::Array x = npg::zeros({1000});
    x.slice(0, at, at + 1).fill(5.0);
    EXPECT_EQ(npg::max(x).item<double>(), 5.0) << at;
    EXPECT_EQ(npg::argmax(x).item<std::int64_t>(), at);
    EXPECT_FALSE(npg::all(x).item<bool>());
    EXPECT_TRUE(npg::any(x).item<bool>());
    x.slice(0, at, at + 1).fill(std::numeric_limits<double>::quiet_NaN());
    EXPECT_TRUE(std::isnan(npg::max(x).item<double>())) << at;
    EXPECT_TRUE(std::isnan(npg::min(x).item<double>())) << at;
  }
}

TEST(ReduceKernel, RowSumsOfAMatrix) {
  const npg::Array x =
      npg::arange(64 * 50).reshape({64, 50}).astype(npg::float64);
  const npg::Array rows = npg::sum(x, {1});
  for (std::int64_t i = 0; i < 64; ++i)
    EXPECT_EQ(rows[i].item<double>(), 50.0 * (50 * i) + 49.0 * 50 / 2) << i;
}

} // namespace
