// Traces a few real functions and prints their IR, for the lit tests in
// test/lit/trace: `npg-trace-examples <name>`.
#include <npg/Trace.h>
#include <npg/npg.h>

#include <cstdio>
#include <functional>
#include <map>
#include <string>

using npg::Array;

namespace {

npg::Trace broadcastAdd() {
  Array x = npg::ones({2, 3}, npg::float32);
  Array b = npg::ones({3}, npg::float32);
  return npg::trace([](const Array &x, const Array &b) { return x + b; }, x, b);
}

npg::Trace mlpLayer() {
  // W and b are captured, as a model's parameters are: they become arguments.
  Array W = npg::random::randn({3, 4}, {npg::float32, true});
  Array b = npg::zeros({4}, {npg::float32, true});
  Array x = npg::random::randn({2, 3}, npg::float32);
  return npg::trace([&](const Array &x) { return (x.matmul(W) + b).tanh(); },
                    x);
}

npg::Trace mseLoss() {
  Array prediction = npg::random::randn({8, 1});
  Array target = npg::random::randn({8, 1});
  return npg::trace(
      [](const Array &p, const Array &y) {
        const Array error = p - y;
        return (error * error).mean();
      },
      prediction, target);
}

npg::Trace scaledSoftplusLike() {
  Array x = npg::random::randn({5}, npg::float32);
  return npg::trace(
      [](const Array &x) { return (1.0 + (x * 0.5).exp()).log() * 2; }, x);
}

} // namespace

int main(int argc, char **argv) {
  const std::map<std::string, std::function<npg::Trace()>> examples{
      {"broadcast-add", broadcastAdd},
      {"mlp-layer", mlpLayer},
      {"mse-loss", mseLoss},
      {"scalars", scaledSoftplusLike},
  };
  auto it = argc == 2 ? examples.find(argv[1]) : examples.end();
  if (it == examples.end()) {
    std::fprintf(stderr, "usage: npg-trace-examples <name>; names:");
    for (const auto &[name, _] : examples)
      std::fprintf(stderr, " %s", name.c_str());
    std::fprintf(stderr, "\n");
    return 2;
  }
  npg::random::manual_seed(0);
  std::fputs(it->second().mlir().c_str(), stdout);
  return 0;
}
