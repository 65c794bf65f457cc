#pragma once
// npg::data: datasets and a batching, shuffling loader usable in a range-for
// loop, as torch.utils.data's TensorDataset and DataLoader:
//
//   npg::data::TensorDataset ds({x, y});
//   npg::data::DataLoader loader(ds, {.batch_size = 32, .shuffle = true},
//                                npg::random::Generator(0));
//   for (const npg::data::Batch &b : loader)
//     step(b[0], b[1]);
#include "npg/Array.h"
#include "npg/Random.h"

#include <cstdint>
#include <iterator>
#include <memory>
#include <vector>

namespace npg::data {

/// One array per dataset column; the first axis runs over the samples.
using Batch = std::vector<Array>;

class Dataset {
public:
  virtual ~Dataset();
  /// The number of samples.
  virtual std::int64_t size() const = 0;
  /// The samples at `indices`, stacked along a new first axis.
  virtual Batch get_batch(const std::vector<std::int64_t> &indices) const = 0;
};

/// Arrays whose first axes all have the same length: sample i is row i of
/// each. Batches are copies without graph.
class TensorDataset : public Dataset {
public:
  explicit TensorDataset(std::vector<Array> arrays);
  std::int64_t size() const override { return size_; }
  /// Sample `index` (negative counts from the end): row `index` of each.
  Batch get(std::int64_t index) const;
  Batch get_batch(const std::vector<std::int64_t> &indices) const override;
  const std::vector<Array> &arrays() const { return arrays_; }

private:
  std::vector<Array> arrays_; // contiguous
  std::int64_t size_ = 0;
};

struct DataLoaderOptions {
  std::int64_t batch_size = 1;
  /// A new permutation, drawn from the loader's generator, every epoch
  /// (every begin()).
  bool shuffle = false;
  /// Leave out the last batch when it is smaller than batch_size.
  bool drop_last = false;
};

class DataLoader {
public:
  DataLoader(std::shared_ptr<const Dataset> dataset,
             DataLoaderOptions options = {},
             random::Generator generator = random::Generator(0));
  /// Shares the arrays of `dataset`.
  DataLoader(const TensorDataset &dataset, DataLoaderOptions options = {},
             random::Generator generator = random::Generator(0));

  class iterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Batch;
    using difference_type = std::ptrdiff_t;
    using pointer = const Batch *;
    using reference = const Batch &;

    iterator() = default;
    const Batch &operator*() const { return batch_; }
    const Batch *operator->() const { return &batch_; }
    iterator &operator++();
    bool operator==(const iterator &o) const { return index_ == o.index_; }

  private:
    friend class DataLoader;
    iterator(const DataLoader *loader, std::int64_t index);
    void load();
    const DataLoader *loader_ = nullptr;
    std::int64_t index_ = 0;
    Batch batch_;
  };

  /// Starts an epoch (reshuffling when shuffle is on).
  iterator begin();
  iterator end() const;
  /// Batches per epoch.
  std::int64_t size() const;
  const DataLoaderOptions &options() const { return options_; }
  const Dataset &dataset() const { return *dataset_; }

private:
  std::shared_ptr<const Dataset> dataset_;
  DataLoaderOptions options_;
  random::Generator generator_;
  std::vector<std::int64_t> order_;
};

} // namespace npg::data
