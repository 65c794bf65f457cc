// npg::data: TensorDataset and DataLoader (order, batch sizes, drop_last,
// seeded shuffling per epoch, range-for), and their errors.
#include "Expect.h"

#include <algorithm>
#include <limits>
#include <set>

using npg::Array;
using npg::Shape;
using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;
namespace data = npg::data;

namespace {
/// The first column's sample ids of every batch of one epoch.
std::vector<std::vector<std::int64_t>> epoch(data::DataLoader &loader) {
  std::vector<std::vector<std::int64_t>> out;
  for (const data::Batch &b : loader)
    out.push_back(b[0].to_vector<std::int64_t>());
  return out;
}
} // namespace

TEST(Data, TensorDatasetRowsAndBatches) {
  const Array x = npg::arange(12.0).reshape({4, 3});
  const Array y = npg::array({10, 11, 12, 13});
  const data::TensorDataset ds({x, y});
  EXPECT_EQ(ds.size(), 4);
  const data::Batch s = ds.get(2);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_TRUE(ArraysClose(s[0], npg::array({6.0, 7.0, 8.0})));
  EXPECT_EQ(s[1].shape(), Shape{});
  EXPECT_EQ(s[1].item<std::int64_t>(), 12);
  EXPECT_EQ(ds.get(-1)[1].item<std::int64_t>(), 13);
  const data::Batch b = ds.get_batch({3, 0});
  EXPECT_TRUE(
      ArraysClose(b[0], npg::array({{9.0, 10.0, 11.0}, {0.0, 1.0, 2.0}})));
  EXPECT_EQ(b[1].to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{13, 10}));
  // Non-contiguous inputs are fine.
  const data::TensorDataset t({x.T()});
  EXPECT_TRUE(ArraysClose(t.get(1)[0], npg::array({1.0, 4.0, 7.0, 10.0})));
}

TEST(Data, LoaderInOrderWithPartialAndDroppedLastBatch) {
  const data::TensorDataset ds({npg::arange(10), npg::arange(10.0) * 2.0});
  data::DataLoader loader(ds, {.batch_size = 4});
  EXPECT_EQ(loader.size(), 3);
  EXPECT_EQ(epoch(loader), (std::vector<std::vector<std::int64_t>>{
                               {0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}}));
  int batches = 0;
  for (const auto &batch : loader) {
    EXPECT_TRUE(ArraysClose(batch[1], batch[0].astype(npg::float64) * 2.0));
    ++batches;
  }
  EXPECT_EQ(batches, 3);
  data::DataLoader dropping(ds, {.batch_size = 4, .drop_last = true});
  EXPECT_EQ(dropping.size(), 2);
  EXPECT_EQ(epoch(dropping).size(), 2u);
  data::DataLoader whole(ds, {.batch_size = 100, .drop_last = true});
  EXPECT_EQ(whole.size(), 0);
  EXPECT_TRUE(epoch(whole).empty());
}

TEST(Data, HugeBatchSizeGivesOneBatchOfEverySample) {
  // As PyTorch: a batch_size beyond the dataset is one batch of everything
  // (none with drop_last). (n + b - 1) / b overflowed for these.
  const data::TensorDataset ds({npg::arange(5)});
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  for (const std::int64_t b : {max, max - 2, max / 2 + 1}) {
    data::DataLoader loader(ds, {.batch_size = b});
    EXPECT_EQ(loader.size(), 1) << b;
    EXPECT_EQ(epoch(loader),
              (std::vector<std::vector<std::int64_t>>{{0, 1, 2, 3, 4}}))
        << b;
    data::DataLoader shuffled(ds, {.batch_size = b, .shuffle = true});
    ASSERT_EQ(epoch(shuffled).size(), 1u) << b;
    EXPECT_EQ(epoch(shuffled)[0].size(), 5u) << b;
    data::DataLoader dropping(ds, {.batch_size = b, .drop_last = true});
    EXPECT_EQ(dropping.size(), 0) << b;
    EXPECT_TRUE(epoch(dropping).empty()) << b;
  }
  // An empty dataset has no batches either way.
  data::DataLoader none(data::TensorDataset({npg::zeros({0})}),
                        {.batch_size = max});
  EXPECT_EQ(none.size(), 0);
  EXPECT_TRUE(epoch(none).empty());
}

TEST(Data, ShuffleIsSeededAndNewEachEpoch) {
  const data::TensorDataset ds({npg::arange(50)});
  data::DataLoader a(ds, {.batch_size = 8, .shuffle = true},
                     npg::random::Generator(42));
  data::DataLoader b(ds, {.batch_size = 8, .shuffle = true},
                     npg::random::Generator(42));
  const auto a1 = epoch(a), a2 = epoch(a);
  EXPECT_EQ(a1, epoch(b)); // same seed, same order
  EXPECT_EQ(a2, epoch(b));
  EXPECT_NE(a1, a2); // each epoch reshuffles
  for (const auto &e : {a1, a2}) {
    std::vector<std::int64_t> all;
    for (const auto &batch : e)
      all.insert(all.end(), batch.begin(), batch.end());
    EXPECT_EQ(all.size(), 50u);
    std::sort(all.begin(), all.end());
    for (std::int64_t i = 0; i < 50; ++i)
      EXPECT_EQ(all[i], i);
  }
  data::DataLoader c(ds, {.batch_size = 8, .shuffle = true},
                     npg::random::Generator(7));
  EXPECT_NE(epoch(c), a1);
}

TEST(Data, TrainingLoop) {
  npg::random::manual_seed(2);
  const Array x = npg::random::randn({64, 3});
  const Array w = npg::array({1.0, -2.0, 0.5});
  const Array y = npg::matmul(x, w);
  npg::nn::Linear model(3, 1, false);
  npg::optim::SGD opt(model.parameters(), {.lr = 0.1});
  data::DataLoader loader(data::TensorDataset({x, y}),
                          {.batch_size = 16, .shuffle = true});
  for (int e = 0; e < 30; ++e)
    for (const data::Batch &b : loader) {
      opt.zero_grad();
      npg::nn::mse(model(b[0]).reshape({-1}), b[1]).backward();
      opt.step();
    }
  EXPECT_TRUE(ArraysClose(model.weight.reshape({3}), w, 1e-3, 1e-3));
}

TEST(Data, Errors) {
  EXPECT_TRUE(ThrowsWith([] { data::TensorDataset({}); },
                         "TensorDataset: needs at least one array"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        data::TensorDataset({npg::zeros({4, 3}), npg::zeros({5, 2})});
      },
      "TensorDataset: array 1 has 5 samples (shape (5,2)), but array 0 has 4 "
      "(shape (4,3))"));
  EXPECT_TRUE(ThrowsWith([] { data::TensorDataset({npg::zeros({})}); },
                         "array 0 is 0-d"));
  const data::TensorDataset ds({npg::zeros({3})});
  EXPECT_TRUE(
      ThrowsWith([&] { ds.get(3); },
                 "TensorDataset: index 3 is out of range for 3 samples"));
  EXPECT_TRUE(ThrowsWith([&] { data::DataLoader(ds, {.batch_size = 0}); },
                         "DataLoader: batch_size must be positive, got 0"));
}
