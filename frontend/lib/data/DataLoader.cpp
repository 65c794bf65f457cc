// npg::data: TensorDataset (rows gathered by memcpy) and DataLoader (batches
// of a fixed or shuffled order, one epoch per begin()).
#include "npg/Creation.h"
#include "npg/Extension.h"
#include "npg/npg.h"

#include "npg/data.h"

#include <cstring>
#include <numeric>

namespace npg::data {

Dataset::~Dataset() = default;

TensorDataset::TensorDataset(std::vector<Array> arrays) {
  if (arrays.empty())
    fail("TensorDataset: needs at least one array");
  for (std::size_t i = 0; i < arrays.size(); ++i) {
    const Array &a = arrays[i];
    if (!a.defined())
      fail("TensorDataset: array ", i, " is undefined");
    if (a.ndim() == 0)
      fail("TensorDataset: array ", i,
           " is 0-d; every array needs a first axis of samples");
    if (a.shape()[0] != arrays[0].shape()[0])
      fail("TensorDataset: array ", i, " has ", a.shape()[0],
           " samples (shape ", format_shape(a.shape()), "), but array 0 has ",
           arrays[0].shape()[0], " (shape ", format_shape(arrays[0].shape()),
           ")");
    arrays_.push_back(a.is_contiguous() ? a : ext::copy_untracked(a));
  }
  size_ = arrays[0].shape()[0];
}

Batch TensorDataset::get(std::int64_t index) const {
  if (index < -size_ || index >= size_)
    fail("TensorDataset: index ", index, " is out of range for ", size_,
         " samples");
  const std::int64_t i = index < 0 ? index + size_ : index;
  Batch rows = get_batch({i});
  for (Array &r : rows)
    r = ext::as_strided(r, Shape(r.shape().begin() + 1, r.shape().end()),
                        Strides(r.strides().begin() + 1, r.strides().end()),
                        r.offset());
  return rows;
}

Batch TensorDataset::get_batch(const std::vector<std::int64_t> &indices) const {
  for (std::int64_t i : indices)
    if (i < 0 || i >= size_)
      fail("TensorDataset: index ", i, " is out of range for ", size_,
           " samples");
  Batch out;
  for (const Array &a : arrays_) {
    Shape shape = a.shape();
    shape[0] = static_cast<std::int64_t>(indices.size());
    Array b = empty(shape, a.dtype());
    const std::size_t row =
        static_cast<std::size_t>(numel(a.shape()) /
                                 std::max<std::int64_t>(a.shape()[0], 1)) *
        a.itemsize();
    const char *src = static_cast<const char *>(a.raw_data());
    char *dst = static_cast<char *>(b.raw_data());
    for (std::size_t k = 0; k < indices.size(); ++k)
      std::memcpy(dst + k * row, src + indices[k] * row, row);
    out.push_back(b);
  }
  return out;
}

// --- DataLoader
// ----------------------------------------------------------------------

DataLoader::DataLoader(std::shared_ptr<const Dataset> dataset,
                       DataLoaderOptions options, random::Generator generator)
    : dataset_(std::move(dataset)), options_(options),
      generator_(std::move(generator)) {
  if (!dataset_)
    fail("DataLoader: the dataset is null");
  if (options_.batch_size <= 0)
    fail("DataLoader: batch_size must be positive, got ", options_.batch_size);
}

DataLoader::DataLoader(const TensorDataset &dataset, DataLoaderOptions options,
                       random::Generator generator)
    : DataLoader(std::make_shared<TensorDataset>(dataset), options,
                 std::move(generator)) {}

std::int64_t DataLoader::size() const {
  // Not (n + b - 1) / b: that overflows for a batch_size near INT64_MAX.
  const std::int64_t n = dataset_->size(), b = options_.batch_size;
  return n / b + (!options_.drop_last && n % b != 0);
}

DataLoader::iterator DataLoader::begin() {
  const std::int64_t n = dataset_->size();
  order_.resize(static_cast<std::size_t>(n));
  std::iota(order_.begin(), order_.end(), 0);
  if (options_.shuffle) // Fisher-Yates, as random::randperm
    for (std::int64_t i = n - 1; i > 0; --i)
      std::swap(order_[i], order_[generator_.integer(0, i + 1)]);
  return iterator(this, 0);
}

DataLoader::iterator DataLoader::end() const { return iterator(this, size()); }

DataLoader::iterator::iterator(const DataLoader *loader, std::int64_t index)
    : loader_(loader), index_(index) {
  load();
}

void DataLoader::iterator::load() {
  if (index_ >= loader_->size()) {
    batch_.clear();
    return;
  }
  const std::int64_t b = loader_->options_.batch_size;
  // index_ < size(), so first < the dataset's size: neither overflows.
  const std::int64_t first = index_ * b;
  const std::int64_t last =
      first + std::min<std::int64_t>(b, loader_->dataset_->size() - first);
  const std::vector<std::int64_t> indices(loader_->order_.begin() + first,
                                          loader_->order_.begin() + last);
  batch_ = loader_->dataset_->get_batch(indices);
}

DataLoader::iterator &DataLoader::iterator::operator++() {
  ++index_;
  load();
  return *this;
}

} // namespace npg::data
