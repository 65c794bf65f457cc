// Indexing against LibTorch: take (index_select), x[indices] (advanced
// indexing), index_add, setitem (index_put), masked_fill, F::embedding and
// nn::Embedding with copied weights. Forward values and every input's
// gradient for the same seeded inputs and upstream gradient (float64: rtol
// 1e-12; float32: rtol 1e-5); repeated indices wherever torch defines them.
#include "OracleCase.h"

#include <torch/nn/functional/embedding.h>
#include <torch/nn/modules/embedding.h>

#include <functional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace npg::torch_oracle;
using npg::Array;
using NV = std::vector<Array>;
using TV = std::vector<torch::Tensor>;

using Case = OracleCase;

Array ints(std::vector<std::int64_t> v, npg::Shape shape) {
  return npg::array(v, std::move(shape));
}
Array ints(std::vector<std::int64_t> v) {
  const std::int64_t n = static_cast<std::int64_t>(v.size());
  return ints(std::move(v), {n});
}

/// A fixed bool mask of `shape`.
Array mask(const npg::Shape &shape) {
  return npg::sin(npg::arange(npg::numel(shape)).reshape(shape) * 1.7) > 0.0;
}

/// torch's clone-then-write through a view, the out-of-place form of
/// x[..., index, ...] = v (copy_ broadcasts v).
torch::Tensor put(const torch::Tensor &x, torch::Tensor (*view)(torch::Tensor),
                  const torch::Tensor &v) {
  torch::Tensor y = x.clone();
  view(y).copy_(v);
  return y;
}

std::vector<Case> cases() {
  const Array rep = ints({2, 0, 2, 2, 1});
  return {
      {"index_select_axis0_repeats",
       {N({3, 4})},
       [rep](const NV &x) { return npg::take(x[0], rep, 0); },
       [rep](const TV &x) {
         return torch::index_select(x[0], 0, to_torch(rep));
       }},
      {"index_select_axis1",
       {N({2, 3, 2})},
       [](const NV &x) {
         return x[0].take(ints({1, 1, 0, -1}), 1);
       },
       [](const TV &x) {
         return torch::index_select(x[0], 1, to_torch(ints({1, 1, 0, 2})));
       }},
      {"index_select_last_axis",
       {N({2, 5})},
       [](const NV &x) {
         return npg::take(x[0], ints({4, 0, 4}), -1);
       },
       [](const TV &x) {
         return torch::index_select(x[0], -1, to_torch(ints({4, 0, 4})));
       }},
      {"advanced_index_2d_indices",
       {N({4, 3})},
       [](const NV &x) {
         return x[0][ints({3, 0, 3, 1}, {2, 2})];
       },
       [](const TV &x) {
         return x[0].index({to_torch(ints({3, 0, 3, 1}, {2, 2}))});
       }},
      {"advanced_index_negative",
       {N({4, 3})},
       [](const NV &x) {
         return x[0][ints({-1, -4})];
       },
       [](const TV &x) {
         return x[0].index({to_torch(ints({-1, -4}))});
       }},
      {"bool_mask_index",
       {N({2, 3})},
       [](const NV &x) {
         return x[0][mask({2, 3})];
       },
       [](const TV &x) {
         return x[0].index({to_torch(mask({2, 3}))});
       }},
      {"index_add_repeats",
       {N({3, 2}), N({5, 2})},
       [rep](const NV &x) { return npg::index_add(x[0], 0, rep, x[1]); },
       [rep](const TV &x) {
         return torch::index_add(x[0], 0, to_torch(rep), x[1]);
       }},
      {"index_add_axis1",
       {N({2, 3}), N({2, 4})},
       [](const NV &x) {
         return x[0].index_add(1, ints({0, 2, 0, 0}), x[1]);
       },
       [](const TV &x) {
         return torch::index_add(x[0], 1, to_torch(ints({0, 2, 0, 0})), x[1]);
       }},
      {"index_put_array",
       {N({4, 3}), N({2, 3})},
       [](const NV &x) {
         return npg::setitem(x[0], ints({3, 1}), x[1]);
       },
       [](const TV &x) {
         return x[0].index_put({to_torch(ints({3, 1}))}, x[1]);
       }},
      {"index_put_array_broadcast",
       {N({4, 3}), N({3})},
       [](const NV &x) {
         return npg::setitem(x[0], ints({0, 2}), x[1]);
       },
       [](const TV &x) {
         return x[0].index_put({to_torch(ints({0, 2}))}, x[1]);
       }},
      {"setitem_integer_axis1",
       {N({3, 4}), N({3})},
       [](const NV &x) {
         return npg::setitem(x[0], {2, 1}, x[1]);
       },
       [](const TV &x) {
         return put(
             x[0], [](torch::Tensor y) { return y.select(1, 2); }, x[1]);
       }},
      {"setitem_slice",
       {N({5, 2}), N({2, 1})},
       [](const NV &x) {
         return npg::setitem(x[0], npg::Slice{1, std::nullopt, 2}, x[1]);
       },
       [](const TV &x) {
         return put(
             x[0], [](torch::Tensor y) { return y.slice(0, 1, 5, 2); }, x[1]);
       }},
      {"masked_fill_tensor_value",
       {N({3, 4}), N({})},
       [](const NV &x) { return npg::masked_fill(x[0], mask({4}), x[1]); },
       [](const TV &x) {
         return torch::masked_fill(x[0], to_torch(mask({4})), x[1]);
       }},
      {"masked_fill_scalar",
       {N({2, 3})},
       [](const NV &x) {
         return x[0].masked_fill(mask({2, 3}), -2.5);
       },
       [](const TV &x) {
         return torch::masked_fill(x[0], to_torch(mask({2, 3})), -2.5);
       }},
      {"embedding",
       {N({5, 3})},
       [](const NV &x) {
         return npg::embedding(x[0], ints({4, 0, 4, 2, 0, 4}, {2, 3}));
       },
       [](const TV &x) {
         return torch::nn::functional::embedding(
             to_torch(ints({4, 0, 4, 2, 0, 4}, {2, 3})), x[0]);
       }},
  };
}

class TorchIndexing : public OracleSuite {};

TEST_P(TorchIndexing, ForwardAndGradientsMatch) {
  ExpectMatchesTorch(std::get<0>(GetParam()), std::get<1>(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Ops, TorchIndexing, OracleSuiteValues(cases()),
                         OracleTestName);

TEST(TorchIndexingModules, EmbeddingWithCopiedWeights) {
  for (npg::DType dtype : {npg::float64, npg::float32}) {
    SCOPED_TRACE(npg::name(dtype));
    npg::random::manual_seed(11);
    npg::nn::Embedding ours(7, 4, dtype);
    torch::nn::Embedding theirs(torch::nn::EmbeddingOptions(7, 4));
    theirs->to(to_torch(dtype));
    {
      torch::NoGradGuard no_grad;
      theirs->weight.copy_(to_torch(ours.weight));
    }
    const Array idx = ints({6, 0, 6, 3, 3, 3, 1, 0}, {2, 4});
    const Array y = ours(idx);
    const torch::Tensor ty = theirs(to_torch(idx));
    ASSERT_TRUE(MatchesTorch(y, ty, tol_for(dtype)));
    const Array g = npg::random::randn(y.shape(), dtype);
    y.backward(g);
    ty.backward(to_torch(g));
    EXPECT_TRUE(MatchesTorch(*ours.weight.grad(), theirs->weight.grad(),
                             tol_for(dtype)));
  }
}

TEST(TorchIndexingModules, InPlaceIndexPutMatches) {
  npg::random::manual_seed(12);
  Array x = npg::random::randn({4, 3});
  torch::Tensor tx = to_torch(x);
  const Array v = npg::random::randn({2, 3});
  x.index_put_(ints({3, 0}), v);
  tx.index_put_({to_torch(ints({3, 0}))}, to_torch(v));
  EXPECT_TRUE(MatchesTorch(x, tx, exact));
  // accumulate=true adds up repeated indices, as torch's.
  const Array w = npg::random::randn({3, 3});
  x.index_put_(ints({1, 1, 2}), w, /*accumulate=*/true);
  tx.index_put_({to_torch(ints({1, 1, 2}))}, to_torch(w), /*accumulate=*/true);
  EXPECT_TRUE(MatchesTorch(x, tx, f64_tol));
}

} // namespace
