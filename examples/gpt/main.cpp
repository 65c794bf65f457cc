// numpygrad's GPT-2 example in C++: a character-level GPT (4 blocks, 4
// heads, width 64, context 32, dropout 0.1) learns a generated corpus with
// AdamW, its whole training step (forward, backward, dropout, the
// optimizer) one compiled call, then writes text sampled from it.
//
//   gpt [steps]   (default 600)
//
// Exits with status 1 unless the loss over the last steps is below half the
// first steps' (which start near log(vocabulary size)).
#include "Corpus.h"
#include "Gpt.h"
#include "Progress.h"

#include <npg/npg.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace {

using npg::Array;
namespace gpt = npg_examples::gpt;

int run(int steps) {
  npg::random::manual_seed(0); // initial weights and dropout masks
  const gpt::CharCorpus corpus(gpt::generate_corpus(200'000, /*seed=*/1));
  gpt::Config config;
  config.dropout = 0.1;
  config.vocab_size = corpus.vocab_size();
  gpt::Gpt model(config);

  npg::data::DataLoader loader(
      std::make_shared<gpt::NextTokenWindows>(corpus.tokens(),
                                              config.context_size),
      {.batch_size = 32, .shuffle = true, .drop_last = true},
      npg::random::Generator(2));
  npg::optim::AdamW optimizer(model.parameters(), {.lr = 1e-3});
  std::printf("gpt: %lld characters, vocabulary %lld; %lld blocks, %lld "
              "heads, width %lld, context %lld, dropout %.1f; AdamW, batch "
              "%lld, %d steps\n",
              static_cast<long long>(corpus.tokens().size()),
              static_cast<long long>(config.vocab_size),
              static_cast<long long>(config.num_blocks),
              static_cast<long long>(config.num_heads),
              static_cast<long long>(config.embedding_dim),
              static_cast<long long>(config.context_size), config.dropout,
              static_cast<long long>(loader.options().batch_size), steps);

  auto train_step = npg::compile(
      [&](const Array &x, const Array &y) {
        optimizer.zero_grad();
        Array loss = gpt::loss(model, x, y);
        loss.backward();
        optimizer.step();
        return loss;
      },
      "gpt_train_step");

  const int window = std::max(1, std::min(50, steps / 4));
  double first = 0, last = 0, running = 0;
  int step = 0, in_running = 0;
  npg_examples::Progress progress(steps, 50);
  const auto start = std::chrono::steady_clock::now();
  double compile_s = 0;
  while (step < steps)
    for (const npg::data::Batch &batch : loader) {
      const double loss = train_step(batch[0], batch[1]).item<double>();
      if (++step == 1)
        compile_s = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start)
                        .count();
      if (step <= window)
        first += loss / window;
      if (step > steps - window)
        last += loss / window;
      running += loss;
      ++in_running;
      if (progress.due(step)) {
        char status[64];
        std::snprintf(status, sizeof status, "loss %.4f", running / in_running);
        progress.update(step, status);
        running = 0;
        in_running = 0;
      }
      if (step == steps)
        break;
    }
  progress.finish();
  const double total_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf("first call (trace and compile) %.1f s, then %.1f ms per step\n",
              compile_s, 1e3 * (total_s - compile_s) / std::max(1, steps - 1));
  std::printf("loss: first %d steps %.4f, last %d steps %.4f (log of the "
              "vocabulary: %.4f)\n",
              window, first, window, last,
              std::log(static_cast<double>(config.vocab_size)));

  const Array prompt = corpus.encode("The ").reshape({1, -1});
  const Array text = gpt::sample(model, prompt, 300, 0.8);
  std::printf("sample:\n%s\n", corpus.decode(text).c_str());

  if (!(last < 0.5 * first)) {
    std::printf("FAILED: the loss did not fall below half its start\n");
    return 1;
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc > 2 || (argc == 2 && std::atoi(argv[1]) <= 0)) {
    std::fprintf(stderr, "usage: %s [steps]\n", argv[0]);
    return 2;
  }
  try {
    return run(argc == 2 ? std::atoi(argv[1]) : 600);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
