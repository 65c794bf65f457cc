// Trains a small tanh MLP eagerly to fit z = x*y + tanh(2x) - y^2 on 512
// random points, with gradient descent written out by hand, and prints the
// loss as it falls.
#include <npg/npg.h>

#include <cmath>
#include <cstdio>
#include <vector>

namespace {

/// A layer's parameters with PyTorch's default initialisation:
/// U(-1/sqrt(in), 1/sqrt(in)).
struct Linear {
  npg::Array weight, bias;
  Linear(std::int64_t in, std::int64_t out) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    weight = npg::random::uniform(-bound, bound, {in, out}, true);
    bias = npg::random::uniform(-bound, bound, {out}, true);
  }
  npg::Array operator()(const npg::Array &x) const {
    return x.matmul(weight) + bias;
  }
};

} // namespace

int main() {
  npg::random::manual_seed(0);
  const npg::Array X = npg::random::uniform(-1, 1, {512, 2});
  const npg::Array x = X.select(1, 0), y = X.select(1, 1);
  const npg::Array target = (x * y + npg::tanh(x * 2) - y * y).unsqueeze(1);

  const std::vector<Linear> layers{Linear(2, 32), Linear(32, 32),
                                   Linear(32, 1)};
  const double learning_rate = 0.05;

  std::printf("fitting z = x*y + tanh(2x) - y^2 with a 2-32-32-1 tanh MLP\n");
  for (int step = 0; step <= 2000; ++step) {
    npg::Array h = X;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      h = layers[i](h);
      if (i + 1 < layers.size())
        h = h.tanh();
    }
    const npg::Array error = h - target;
    const npg::Array loss = (error * error).mean();
    loss.backward();

    npg::NoGradGuard no_grad; // the update is not part of the graph
    for (const Linear &layer : layers)
      for (npg::Array p : {layer.weight, layer.bias}) {
        p -= *p.grad() * learning_rate;
        p.zero_grad();
      }
    if (step % 200 == 0)
      std::printf("step %4d  loss %.6f\n", step, loss.item<double>());
  }
  return 0;
}
