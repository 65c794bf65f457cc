// Trains a small convolutional network to read digits that the program draws
// itself: 5x7 bitmap glyphs of 0-9 at random positions in 12x12 images, with
// random ink and noise (all seeded). Prints the loss of every epoch and the
// accuracy on a held-out test set, and fails (exit status 1) when that
// accuracy is below 90%. Its training step is compiled whole (npg::compile).
#include <npg/npg.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr std::int64_t kSide = 12;

// '#' is ink.
const std::array<std::array<const char *, 7>, 10> kGlyphs = {{
    {".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."},
    {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."},
    {".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"},
    {"#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."},
    {"...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."},
    {"#####", "#....", "####.", "....#", "....#", "#...#", ".###."},
    {"..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."},
    {"#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."},
    {".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."},
    {".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."},
}};

/// `count` images (count, 1, 12, 12) and their digits (count).
std::pair<npg::Array, npg::Array> make_digits(std::int64_t count,
                                              std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> digit(0, 9), row(0, kSide - 7),
      col(0, kSide - 5);
  std::uniform_real_distribution<float> ink(0.6f, 1.0f);
  std::normal_distribution<float> noise(0.0f, 0.2f);
  std::vector<float> pixels(count * kSide * kSide);
  std::vector<std::int64_t> labels(count);
  for (std::int64_t n = 0; n < count; ++n) {
    const int d = digit(rng), r0 = row(rng), c0 = col(rng);
    const float strength = ink(rng);
    float *img = pixels.data() + n * kSide * kSide;
    for (int r = 0; r < 7; ++r)
      for (int c = 0; c < 5; ++c)
        if (kGlyphs[d][r][c] == '#')
          img[(r0 + r) * kSide + c0 + c] = strength;
    for (std::int64_t i = 0; i < kSide * kSide; ++i)
      img[i] += noise(rng);
    labels[n] = d;
  }
  return {npg::array(pixels, {count, 1, kSide, kSide}),
          npg::array(labels, {count})};
}

/// conv 3x3 (16) -> relu -> conv 3x3 stride 2 (32) -> relu -> linear (10).
class DigitNet : public npg::nn::Module {
public:
  DigitNet() : Module("DigitNet") {
    using npg::nn::Conv2d;
    conv1 = register_module(
        "conv1", std::make_shared<Conv2d>(1, 16, 3, 1, 1, true, npg::float32));
    conv2 = register_module(
        "conv2", std::make_shared<Conv2d>(16, 32, 3, 2, 1, true, npg::float32));
    fc = register_module("fc", std::make_shared<npg::nn::Linear>(
                                   32 * 6 * 6, 10, true, npg::float32));
  }
  npg::Array forward(const npg::Array &x) override {
    const npg::Array h = (*conv2)((*conv1)(x).relu()).relu();
    return (*fc)(h.reshape({x.shape()[0], -1}));
  }

private:
  std::shared_ptr<npg::nn::Conv2d> conv1, conv2;
  std::shared_ptr<npg::nn::Linear> fc;
};

} // namespace

int main() {
  npg::random::manual_seed(0);
  const auto start = std::chrono::steady_clock::now();
  const auto [train_x, train_y] = make_digits(8000, 1);
  const auto [test_x, test_y] = make_digits(1000, 2);
  npg::data::DataLoader loader(npg::data::TensorDataset({train_x, train_y}),
                               {.batch_size = 64, .shuffle = true});

  DigitNet model;
  npg::optim::Adam opt(model.parameters(), {.lr = 3e-3});
  // The whole training step is one compiled call: the convolutions become
  // batched im2col products, and the gradients and Adam's update fuse with
  // them.
  auto step = npg::compile([&](const npg::Array &x, const npg::Array &y) {
    opt.zero_grad();
    npg::Array loss = npg::nn::cross_entropy(model(x), y);
    loss.backward();
    opt.step();
    return loss;
  });
  std::printf("training a 2-conv network on 8000 drawn 12x12 digits\n");
  for (int epoch = 1; epoch <= 8; ++epoch) {
    double total = 0;
    for (const npg::data::Batch &batch : loader)
      total += step(batch[0], batch[1]).item<double>();
    std::printf("epoch %d  mean loss %.4f\n", epoch,
                total / static_cast<double>(loader.size()));
  }

  npg::NoGradGuard no_grad;
  model.eval();
  const npg::Array predicted = model(test_x).argmax(1);
  const double accuracy =
      (predicted == test_y).astype(npg::float64).mean().item<double>();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf("test accuracy %.1f%% on 1000 digits (%.1f s)\n", 100 * accuracy,
              seconds);
  if (accuracy < 0.9) {
    std::printf("FAILED: test accuracy below 90%%\n");
    return 1;
  }
  return 0;
}
