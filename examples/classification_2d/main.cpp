// numpygrad's 2-D classification example in C++: a 3-layer tanh MLP learns
// the five arms of a pinwheel with AdamW and cross-entropy, from minibatches
// of a DataLoader, then draws its decision regions with the points as a PNG.
//
//   classification_2d [output.png]   (default: ./classification_2d.png)
//
// Exits with status 1 unless the test accuracy ends above 90%.
#include "Main.h"
#include "Image.h"
#include "Progress.h"

#include <npg/npg.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

namespace {

constexpr int num_classes = 5;
constexpr int num_per_class = 512;

struct Points {
  std::vector<float> xy;            // (n, 2), row-major
  std::vector<std::int64_t> labels; // (n)
  std::int64_t size() const { return static_cast<std::int64_t>(labels.size()); }
  npg::Array inputs() const { return npg::array(xy, {size(), 2}); }
  npg::Array targets() const { return npg::array(labels, {size()}); }
};

/// The pinwheel of Johnson et al. (2016), as in the autograd and numpygrad
/// examples: per class, Gaussian points around (1, 0), stretched radially,
/// then rotated to the class's arm by an angle that grows with the radius.
/// The points come out shuffled.
Points make_pinwheel(double radial_std, double tangential_std, double rate,
                     npg::random::Generator &gen) {
  Points p;
  for (int c = 0; c < num_classes; ++c)
    for (int i = 0; i < num_per_class; ++i) {
      const double f0 = 1 + radial_std * gen.normal01();
      const double f1 = tangential_std * gen.normal01();
      const double angle =
          2 * std::numbers::pi * c / num_classes + rate * std::exp(f0);
      const double cs = std::cos(angle), sn = std::sin(angle);
      // numpy's einsum('ti,tij->tj', features, [[cos, -sin], [sin, cos]]).
      p.xy.push_back(static_cast<float>(f0 * cs + f1 * sn));
      p.xy.push_back(static_cast<float>(-f0 * sn + f1 * cs));
      p.labels.push_back(c);
    }
  for (std::int64_t i = p.size() - 1; i > 0; --i) { // Fisher-Yates
    const std::int64_t j = gen.integer(0, i + 1);
    std::swap(p.labels[i], p.labels[j]);
    std::swap(p.xy[2 * i], p.xy[2 * j]);
    std::swap(p.xy[2 * i + 1], p.xy[2 * j + 1]);
  }
  return p;
}

/// The first `n` points, or the rest after them.
Points take(const Points &p, std::int64_t n, bool rest) {
  Points out;
  const std::int64_t lo = rest ? n : 0, hi = rest ? p.size() : n;
  out.xy.assign(p.xy.begin() + 2 * lo, p.xy.begin() + 2 * hi);
  out.labels.assign(p.labels.begin() + lo, p.labels.begin() + hi);
  return out;
}

double accuracy(npg::nn::Module &model, const npg::Array &x,
                const npg::Array &y) {
  npg::NoGradGuard no_grad;
  const npg::Array correct = (model(x).argmax(1) == y).sum();
  return static_cast<double>(correct.item<std::int64_t>()) /
         static_cast<double>(y.size());
}

/// The model's class at every pixel, lightly tinted, with the points on top.
npg_examples::Image plot(npg::nn::Module &model, const Points &train,
                         const Points &test) {
  using npg_examples::lighten;
  using npg_examples::palette;
  const int size = 480;
  float extent = 0;
  for (float v : train.xy)
    extent = std::max(extent, std::abs(v));
  extent *= 1.1f;
  auto to_pixel = [&](float v) { return (v + extent) / (2 * extent) * size; };

  std::vector<float> grid;
  grid.reserve(static_cast<std::size_t>(size) * size * 2);
  for (int row = 0; row < size; ++row)
    for (int col = 0; col < size; ++col) {
      grid.push_back((col + 0.5f) / size * 2 * extent - extent);
      grid.push_back(extent - (row + 0.5f) / size * 2 * extent);
    }
  std::vector<std::int64_t> cls;
  {
    npg::NoGradGuard no_grad;
    cls = model(npg::array(grid, {std::int64_t{size} * size, 2}))
              .argmax(1)
              .to_vector<std::int64_t>();
  }
  npg_examples::Image image(size, size);
  for (int row = 0; row < size; ++row)
    for (int col = 0; col < size; ++col)
      image.set(col, row,
                lighten(palette(static_cast<int>(cls[row * size + col])), 0.7));

  // Training points with a dark rim, test points with a white one.
  for (const Points *p : {&train, &test})
    for (std::int64_t i = 0; i < p->size(); ++i) {
      const double x = to_pixel(p->xy[2 * i]);
      const double y = size - to_pixel(p->xy[2 * i + 1]);
      const npg_examples::Rgb color = palette(static_cast<int>(p->labels[i]));
      image.disc(x, y, 2.6,
                 p == &train ? npg_examples::Rgb{40, 40, 40}
                             : npg_examples::Rgb{255, 255, 255});
      image.disc(x, y, 1.8, color);
    }
  image.frame(0, 0, size, size, {60, 60, 60});
  return image;
}

int run(const std::string &output) {
  npg::random::manual_seed(0); // the layers' initial weights
  npg::random::Generator data_gen(0);
  const Points all =
      make_pinwheel(/*radial_std=*/0.3,
                    /*tangential_std=*/0.05, /*rate=*/0.25, data_gen);
  const std::int64_t n_train = all.size() * 4 / 5;
  const Points train = take(all, n_train, false),
               test = take(all, n_train, true);
  const npg::Array x_test = test.inputs(), y_test = test.targets();

  npg::data::TensorDataset train_set({train.inputs(), train.targets()});
  npg::data::DataLoader loader(train_set, {.batch_size = 128, .shuffle = true},
                               npg::random::Generator(1));

  // 2 -> 64 -> 64 -> 5: three Linear layers with tanh between them.
  npg::nn::MLP model(2, {64, 64}, num_classes, "tanh", npg::float32);
  npg::optim::AdamW optimizer(model.parameters(), {.lr = 1e-2});

  const int epochs = 60;
  const int steps = epochs * static_cast<int>(loader.size());
  std::printf("pinwheel: %d classes, %lld training and %lld test points; "
              "MLP 2-64-64-%d (tanh), AdamW, batch %lld, %d steps\n",
              num_classes, static_cast<long long>(train.size()),
              static_cast<long long>(test.size()), num_classes,
              static_cast<long long>(loader.options().batch_size), steps);
  std::printf("initial test accuracy %.1f%% (chance: %.1f%%)\n",
              100 * accuracy(model, x_test, y_test), 100.0 / num_classes);

  // The whole step is one compiled call (compiled once per batch size: an
  // epoch's last batch is smaller).
  auto train_step = npg::compile(
      [&](const npg::Array &x, const npg::Array &y) {
        optimizer.zero_grad();
        npg::Array loss = npg::nn::cross_entropy(model(x), y);
        loss.backward();
        optimizer.step();
        return loss;
      },
      "train_step");

  npg_examples::Progress progress(steps, 100);
  int step = 0;
  double loss_sum = 0;
  int loss_count = 0;
  for (int epoch = 0; epoch < epochs; ++epoch)
    for (const npg::data::Batch &batch : loader) {
      const npg::Array loss = train_step(batch[0], batch[1]);
      ++step;
      loss_sum += loss.item<double>();
      ++loss_count;
      if (progress.due(step)) {
        char status[96];
        std::snprintf(status, sizeof status, "loss %.4f  test accuracy %.1f%%",
                      loss_sum / loss_count,
                      100 * accuracy(model, x_test, y_test));
        progress.update(step, status);
        loss_sum = 0;
        loss_count = 0;
      }
    }
  progress.finish();

  const double train_acc = accuracy(model, train.inputs(), train.targets());
  const double test_acc = accuracy(model, x_test, y_test);
  std::printf("final: train accuracy %.1f%%, test accuracy %.1f%%\n",
              100 * train_acc, 100 * test_acc);

  plot(model, train, test).write_png(output);
  std::printf("wrote %s (decision regions; training points with dark rims, "
              "test points with white ones)\n",
              output.c_str());

  if (test_acc <= 0.9) {
    std::printf("FAILED: test accuracy %.1f%% is not above 90%%\n",
                100 * test_acc);
    return 1;
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  return npg_examples::example_main(argc, argv, "classification_2d.png", run);
}
