// A compiled function held in a static, as a user might write it: its JIT
// code must survive being destroyed during static destruction, after LLVM's
// own statics (it crashed at exit in about 6 runs of 10). The
// static_compiled_exit test runs this 20 times and wants exit code 0 each
// time. It covers a global, a function-local static made after the first
// compile, a backward, an entry evicted from its cache, and a global
// container filled later with a large (block-cached) array.
#include <npg/npg.h>

#include <cstdio>
#include <vector>

namespace {

std::vector<npg::Array> kept; // filled in main, freed at exit

npg::Array weight = npg::full({3}, 0.5, {npg::float64, true});

auto global_loss = npg::compile(
    [](const npg::Array &x) { return (x * weight).tanh().sum(); }, "global");

double local_static(const npg::Array &x) {
  static auto f =
      npg::compile([](const npg::Array &a) { return (a * a).sum(); }, "local");
  f.set_cache_size(1);
  double total = 0;
  for (std::int64_t n : {2, 3, 4}) // three signatures: two are evicted
    total += f(npg::ones({n})).item<double>();
  return total + f(x).item<double>();
}

} // namespace

int main() {
  const npg::Array x = npg::arange(3).astype(npg::float64);
  const npg::Array loss = global_loss(x);
  loss.backward();
  const double g = weight.grad()->sum().item<double>();
  const double local = local_static(x);
  kept.push_back(npg::zeros({1 << 19}, npg::float64)); // 4 MiB: block cache
  kept.push_back(x);
  std::printf("loss %.6f grad %.6f local %.1f\n", loss.item<double>(), g,
              local);
  // 0 + tanh(0.5) + tanh(1); 2 + 3 + 4 + 0 + 1 + 4.
  return local == 14 && loss.item<double>() > 1.2 ? 0 : 1;
}
