// numpygrad's 1-D regression example in C++: a tanh MLP fits noisy samples
// of sin(x) with AdamW and the mean squared error, from minibatches of a
// DataLoader, then draws the data, sin(x) and the fit as a PNG.
//
//   regression_1d [output.png]   (default: ./regression_1d.png)
//
// Exits with status 1 unless the final MSE on the data is below 0.015 (the
// noise alone accounts for 0.01).
#include "Main.h"
#include "Image.h"
#include "Progress.h"

#include <npg/npg.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr std::int64_t num_points = 256;
constexpr double noise_std = 0.1, x_max = 3.0, mse_threshold = 0.015;

double mse(npg::nn::Module &model, const npg::Array &x, const npg::Array &y) {
  npg::NoGradGuard no_grad;
  return npg::nn::mse(model(x), y).item<double>();
}

npg_examples::Image plot(npg::nn::Module &model, const std::vector<float> &xs,
                         const std::vector<float> &ys) {
  const int width = 720, height = 400, margin = 20;
  const double x_lo = -x_max * 1.05, x_hi = x_max * 1.05, y_lo = -1.6,
               y_hi = 1.6;
  auto px = [&](double x) {
    return margin + (x - x_lo) / (x_hi - x_lo) * (width - 2 * margin);
  };
  auto py = [&](double y) {
    return height - margin - (y - y_lo) / (y_hi - y_lo) * (height - 2 * margin);
  };
  npg_examples::Image image(width, height);
  image.line(px(x_lo), py(0), px(x_hi), py(0), 1, {200, 200, 200});
  image.line(px(0), py(y_lo), px(0), py(y_hi), 1, {200, 200, 200});
  image.frame(margin, margin, width - margin, height - margin, {60, 60, 60});

  for (std::size_t i = 0; i < xs.size(); ++i)
    image.disc(px(xs[i]), py(ys[i]), 2.5, npg_examples::palette(0));

  const std::int64_t n = 400;
  const npg::Array grid = npg::linspace(x_lo, x_hi, n).astype(npg::float32);
  std::vector<float> fit;
  {
    npg::NoGradGuard no_grad;
    fit = model(grid.reshape({n, 1})).to_vector<float>();
  }
  const std::vector<float> gx = grid.to_vector<float>();
  for (std::int64_t i = 1; i < n; ++i) {
    image.line(px(gx[i - 1]), py(std::sin(gx[i - 1])), px(gx[i]),
               py(std::sin(gx[i])), 1.5, {120, 120, 120});
    image.line(px(gx[i - 1]), py(fit[i - 1]), px(gx[i]), py(fit[i]), 3,
               npg_examples::palette(1));
  }
  return image;
}

int run(const std::string &output) {
  npg::random::manual_seed(0); // the layers' initial weights
  npg::random::Generator data_gen(0);
  std::vector<float> xs, ys;
  for (std::int64_t i = 0; i < num_points; ++i) {
    const double x = -x_max + 2 * x_max * data_gen.uniform01();
    xs.push_back(static_cast<float>(x));
    ys.push_back(
        static_cast<float>(std::sin(x) + noise_std * data_gen.normal01()));
  }
  const npg::Array x = npg::array(xs, {num_points, 1});
  const npg::Array y = npg::array(ys, {num_points, 1});

  npg::data::TensorDataset data({x, y});
  npg::data::DataLoader loader(data, {.batch_size = 32, .shuffle = true},
                               npg::random::Generator(1));
  npg::nn::MLP model(1, {64, 64}, 1, "tanh", npg::float32);
  npg::optim::AdamW optimizer(model.parameters(), {.lr = 3e-3});

  const int epochs = 300;
  const int steps = epochs * static_cast<int>(loader.size());
  std::printf("fitting sin(x) + N(0, %.2f^2) on %lld points in [-%.0f, %.0f] "
              "with a 1-64-64-1 tanh MLP, AdamW, batch %lld, %d steps\n",
              noise_std, static_cast<long long>(num_points), x_max, x_max,
              static_cast<long long>(loader.options().batch_size), steps);

  npg_examples::Progress progress(steps, 200);
  int step = 0;
  for (int epoch = 0; epoch < epochs; ++epoch)
    for (const npg::data::Batch &batch : loader) {
      optimizer.zero_grad();
      const npg::Array loss = npg::nn::mse(model(batch[0]), batch[1]);
      loss.backward();
      optimizer.step();
      if (progress.due(++step)) {
        char status[64];
        std::snprintf(status, sizeof status, "batch loss %.4f  MSE %.4f",
                      loss.item<double>(), mse(model, x, y));
        progress.update(step, status);
      }
    }
  progress.finish();

  // How far the fit is from the noise-free function, on a dense grid.
  const npg::Array grid = npg::linspace(-x_max, x_max, 1000)
                              .astype(npg::float32)
                              .reshape({1000, 1});
  const double data_mse = mse(model, x, y);
  const double sin_mse = mse(model, grid, grid.sin());
  std::printf("final: MSE %.5f on the data (noise variance %.5f), %.5f "
              "against sin(x)\n",
              data_mse, noise_std * noise_std, sin_mse);

  plot(model, xs, ys).write_png(output);
  std::printf("wrote %s (data in blue, sin(x) in grey, the fit in orange)\n",
              output.c_str());
  if (!(data_mse < mse_threshold)) {
    std::printf("FAILED: MSE %.5f is not below %.3f\n", data_mse,
                mse_threshold);
    return 1;
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  return npg_examples::example_main(argc, argv, "regression_1d.png", run);
}
