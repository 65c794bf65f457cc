// One process of the cross-process disk cache test
// (disk_cache_processes.sh): compiles an MLP's loss and gradient, runs the
// compiled code, and prints whether its code came from the disk cache and
// the bits of what it computed, for the script to compare across processes.
#include "MlpLoss.h"

#include <npg/npg.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

std::uint64_t bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

} // namespace

int main() {
  using npg::Array;
  npg::random::manual_seed(5);
  std::vector<Array> params;
  for (auto [in, out] : {std::pair{6, 16}, {16, 16}, {16, 3}}) {
    params.push_back(npg::random::randn({in, out}, true));
    params.push_back(npg::random::randn({out}, true));
  }
  const Array x = npg::random::randn({32, 6});
  const Array y = npg::random::randn({32, 3});
  auto loss = npg::compile(
      [&](const Array &a, const Array &b) {
        return npg::reliability::mlp_loss(params, a, b);
      },
      "disk_cache_mlp");
  loss(x, y); // traces; the code is now compiled or loaded
  Array value = loss(x, y);
  value.backward();
  double grad_sum = 0;
  for (const Array &p : params)
    grad_sum += p.grad()->sum().item<double>();
  std::printf("disk_hits=%lld value=%016llx grad=%016llx\n",
              static_cast<long long>(loss.stats().disk_hits),
              static_cast<unsigned long long>(bits(value.item<double>())),
              static_cast<unsigned long long>(bits(grad_sum)));
}
