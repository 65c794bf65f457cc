// Indexing by integer arrays and masks (take, x[indices], index_add,
// setitem, index_put_, masked_fill, embedding, nn::Embedding): values
// worked out by hand, gradients by hand and against finite differences,
// errors with their messages, and the version counter of in-place writes.
#include "Expect.h"
#include "GradcheckCase.h"

#include <functional>
#include <string>
#include <tuple>
#include <vector>

namespace {

using npg::Array;
using npg::Index;
using npg::Slice;
using npg::testing::ArraysClose;
using npg::testing::grad_of;
using npg::testing::N;
using npg::testing::ThrowsWith;
using V = std::vector<Array>;
using Case = npg::testing::GradcheckCase;
constexpr auto None = std::nullopt;

Array ints(std::initializer_list<std::int64_t> v) { return npg::array(v); }

Array x32() { return npg::array({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}}); }

// --- Forward values
// ------------------------------------------------------------

TEST(IndexingValues, IntegerArrayIndexTakesRows) {
  const Array x = x32();
  EXPECT_TRUE(
      ArraysClose(x[ints({2, 0})], npg::array({{5.0, 6.0}, {1.0, 2.0}})));
  EXPECT_TRUE(ArraysClose(x.index(ints({-1})), npg::array({{5.0, 6.0}})));
  // Indices of any shape: the result's shape is indices.shape + (2,).
  const Array idx = npg::array({{0, 1}, {1, 1}});
  EXPECT_TRUE(ArraysClose(x[idx], npg::array({{{1.0, 2.0}, {3.0, 4.0}},
                                              {{3.0, 4.0}, {3.0, 4.0}}})));
  // int32 indices, an empty index and a 0-d one.
  EXPECT_TRUE(
      ArraysClose(x[ints({1}).astype(npg::int32)], npg::array({{3.0, 4.0}})));
  EXPECT_EQ(x[npg::zeros({0}, npg::int64)].shape(), (npg::Shape{0, 2}));
  EXPECT_TRUE(
      ArraysClose(x[npg::array(std::int64_t{1})], npg::array({3.0, 4.0})));
  // The existing integer operator[] still selects.
  EXPECT_TRUE(ArraysClose(x[1], npg::array({3.0, 4.0})));
}

TEST(IndexingValues, TakeAlongAxesAndFlattened) {
  const Array x = npg::arange(24.0).reshape({2, 3, 4});
  const Array t = npg::take(x, ints({3, 0, 3}), 2);
  ASSERT_EQ(t.shape(), (npg::Shape{2, 3, 3}));
  EXPECT_EQ(t.to_vector<double>()[0], 3.0);
  EXPECT_EQ(t.to_vector<double>()[1], 0.0);
  EXPECT_TRUE(ArraysClose(t.slice(0, 1, 2).slice(1, 2, 3).flatten(),
                          npg::array({23.0, 20.0, 23.0})));
  EXPECT_TRUE(
      ArraysClose(x.take(ints({-1, 1}), -2).select(0, 0),
                  npg::array({{8.0, 9.0, 10.0, 11.0}, {4.0, 5.0, 6.0, 7.0}})));
  // No axis: numpy's take on the flattened array.
  EXPECT_TRUE(ArraysClose(npg::take(x, npg::array({{23, 0}, {5, 7}})),
                          npg::array({{23.0, 0.0}, {5.0, 7.0}})));
  // Of a non-contiguous view.
  EXPECT_TRUE(ArraysClose(x32().T()[ints({1})], npg::array({{2.0, 4.0, 6.0}})));
  // Integer arrays keep their dtype.
  const Array xi = npg::array({{1, 2}, {3, 4}});
  EXPECT_EQ(xi[ints({1})].dtype(), npg::int64);
  EXPECT_EQ(xi[ints({1})].to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{3, 4}));
}

TEST(IndexingValues, BoolMaskSelects) {
  const Array x = x32();
  const Array m = npg::array({true, false, true});
  EXPECT_TRUE(ArraysClose(x[m], npg::array({{1.0, 2.0}, {5.0, 6.0}})));
  const Array full = x > 2.5;
  EXPECT_TRUE(ArraysClose(x[full], npg::array({3.0, 4.0, 5.0, 6.0})));
  // Its gradient reaches the selected elements only.
  Array xg = x.copy().requires_grad_(true);
  (xg[m] * 3.0).sum().backward();
  EXPECT_TRUE(ArraysClose(*xg.grad(),
                          npg::array({{3.0, 3.0}, {0.0, 0.0}, {3.0, 3.0}})));
}

TEST(IndexingValues, IndexAddAccumulatesRepeats) {
  const Array x = npg::zeros({3, 2});
  const Array s = npg::array({{1.0, 1.0}, {2.0, 3.0}, {10.0, 20.0}});
  EXPECT_TRUE(ArraysClose(npg::index_add(x, 0, ints({2, 2, 0}), s),
                          npg::array({{10.0, 20.0}, {0.0, 0.0}, {3.0, 4.0}})));
  // Along axis 1, into non-zero values.
  EXPECT_TRUE(ArraysClose(
      x32().index_add(1, ints({1}), npg::array({{1.0}, {1.0}, {1.0}})),
      npg::array({{1.0, 3.0}, {3.0, 5.0}, {5.0, 7.0}})));
}

TEST(IndexingValues, SetitemReplacesInACopy) {
  const Array x = x32();
  EXPECT_TRUE(ArraysClose(npg::setitem(x, 1, npg::array({7.0, 8.0})),
                          npg::array({{1.0, 2.0}, {7.0, 8.0}, {5.0, 6.0}})));
  EXPECT_TRUE(ArraysClose(npg::setitem(x, {-1, 1}, 0.0),
                          npg::array({{1.0, 0.0}, {3.0, 0.0}, {5.0, 0.0}})));
  EXPECT_TRUE(ArraysClose(npg::setitem(x, Slice{0, None, 2}, 9.0),
                          npg::array({{9.0, 9.0}, {3.0, 4.0}, {9.0, 9.0}})));
  EXPECT_TRUE(
      ArraysClose(npg::setitem(x, Slice{None, None, -2},
                               npg::array({{-1.0, -2.0}, {-3.0, -4.0}})),
                  npg::array({{-3.0, -4.0}, {3.0, 4.0}, {-1.0, -2.0}})));
  EXPECT_TRUE(ArraysClose(npg::setitem(x, ints({2, 0}), npg::array({1.5, 2.5})),
                          npg::array({{1.5, 2.5}, {3.0, 4.0}, {1.5, 2.5}})));
  // Along axis 1: x[:, [0]] = -1.
  EXPECT_TRUE(ArraysClose(npg::setitem(x, {ints({0}), 1}, -1.0),
                          npg::array({{-1.0, 2.0}, {-1.0, 4.0}, {-1.0, 6.0}})));
  // x itself is untouched.
  EXPECT_TRUE(ArraysClose(x, x32()));
}

TEST(IndexingValues, MaskedFill) {
  const Array x = x32();
  const Array m = npg::array({{true, false}, {false, false}, {false, true}});
  EXPECT_TRUE(ArraysClose(npg::masked_fill(x, m, -1.0),
                          npg::array({{-1.0, 2.0}, {3.0, 4.0}, {5.0, -1.0}})));
  // A broadcast mask, and an integer array keeping its dtype.
  EXPECT_TRUE(ArraysClose(x.masked_fill(npg::array({false, true}), 0.0),
                          npg::array({{1.0, 0.0}, {3.0, 0.0}, {5.0, 0.0}})));
  const Array xi = npg::array({1, 2, 3});
  const Array fi = xi.masked_fill(npg::array({true, false, true}), 7);
  EXPECT_EQ(fi.dtype(), npg::int64);
  EXPECT_EQ(fi.to_vector<std::int64_t>(), (std::vector<std::int64_t>{7, 2, 7}));
}

TEST(IndexingValues, EmbeddingAndModule) {
  const Array w = x32();
  EXPECT_TRUE(ArraysClose(
      npg::embedding(w, npg::array({{2, 0}, {1, 1}})),
      npg::array({{{5.0, 6.0}, {1.0, 2.0}}, {{3.0, 4.0}, {3.0, 4.0}}})));
  npg::random::manual_seed(3);
  npg::nn::Embedding emb(10, 4);
  ASSERT_EQ(emb.weight.shape(), (npg::Shape{10, 4}));
  EXPECT_TRUE(emb.weight.requires_grad());
  ASSERT_EQ(emb.named_parameters().size(), 1u);
  EXPECT_EQ(emb.named_parameters()[0].first, "weight");
  // N(0,1): 40 draws are neither all equal nor all of one sign.
  EXPECT_GT(emb.weight.max().item<double>(), 0.0);
  EXPECT_LT(emb.weight.min().item<double>(), 0.0);
  const Array y = emb(ints({3, 3, 9}));
  ASSERT_EQ(y.shape(), (npg::Shape{3, 4}));
  EXPECT_TRUE(ArraysClose(y.select(0, 1), emb.weight.select(0, 3)));
  y.sum().backward();
  const Array g = *emb.weight.grad();
  EXPECT_TRUE(ArraysClose(g.select(0, 3), npg::full({4}, 2.0)));
  EXPECT_TRUE(ArraysClose(g.select(0, 9), npg::ones({4})));
  EXPECT_EQ(g.sum().item<double>(), 12.0);
  EXPECT_EQ(emb.type_name(), "Embedding");
}

// --- Gradients by hand
// ---------------------------------------------------------

TEST(IndexingGradients, ScatterAddsIntoRows) {
  // The example: y = x[[0, 1]], (y * y).sum().backward().
  Array x = x32().requires_grad_(true);
  const Array y = x[ints({0, 1})];
  EXPECT_EQ(y.grad_fn()->name(), "Take");
  EXPECT_TRUE(ArraysClose(grad_of(x, (y * y).sum()),
                          npg::array({{2.0, 4.0}, {6.0, 8.0}, {0.0, 0.0}})));
}

TEST(IndexingGradients, RepeatedIndicesAccumulate) {
  Array x = x32().requires_grad_(true);
  const Array y = x[ints({2, 0, 2, 2})];
  // d/dx of sum(y * w) with w's rows 1, 2, 3, 4: row 2 gets 1 + 3 + 4.
  const Array w = npg::array({{1.0}, {2.0}, {3.0}, {4.0}});
  EXPECT_TRUE(ArraysClose(grad_of(x, (y * w).sum()),
                          npg::array({{2.0, 2.0}, {0.0, 0.0}, {8.0, 8.0}})));
}

TEST(IndexingGradients, SetitemRoutesAroundReplacedPositions) {
  Array x = x32().requires_grad_(true);
  Array v = npg::array({10.0, 20.0}).requires_grad_(true);
  const Array y = npg::setitem(x, ints({2, 0}), v);
  EXPECT_EQ(y.grad_fn()->name(), "SetItem");
  const Array w = npg::array({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}});
  (y * w).sum().backward();
  EXPECT_TRUE(
      ArraysClose(*x.grad(), npg::array({{0.0, 0.0}, {3.0, 4.0}, {0.0, 0.0}})));
  // v is broadcast over the two rows: its gradient sums them.
  EXPECT_TRUE(ArraysClose(*v.grad(), npg::array({6.0, 8.0})));
}

TEST(IndexingGradients, MaskedFillZeroWhereMasked) {
  Array x = x32().requires_grad_(true);
  Array v = npg::array(0.5).requires_grad_(true);
  const Array m = npg::array({{true, false}, {false, false}, {true, true}});
  (npg::masked_fill(x, m, v) * x32()).sum().backward();
  EXPECT_TRUE(
      ArraysClose(*x.grad(), npg::array({{0.0, 2.0}, {3.0, 4.0}, {0.0, 0.0}})));
  EXPECT_TRUE(ArraysClose(*v.grad(), npg::array(12.0)));
}

// --- Gradients against finite differences ------------------------------------

std::vector<Case> gradcheck_cases() {
  return {
      {"index_rows",
       [](const V &x) {
         return x[0][ints({2, 0, 2})];
       },
       {N({3, 4})}},
      {"index_2d_indices",
       [](const V &x) {
         return x[0][npg::array({{1, -1}, {0, 1}})];
       },
       {N({3, 2, 2})}},
      {"take_axis1",
       [](const V &x) {
         return npg::take(x[0], ints({1, 1, 0}), 1);
       },
       {N({2, 3, 2})}},
      {"take_last_axis",
       [](const V &x) {
         return x[0].take(ints({3, 0, 3}), -1);
       },
       {N({2, 4})}},
      {"take_flat",
       [](const V &x) {
         return npg::take(x[0], npg::array({{5, 0}, {5, 2}}));
       },
       {N({2, 3})}},
      {"take_of_view",
       [](const V &x) {
         return x[0].T().take(ints({0, 2}), 0);
       },
       {N({3, 3})}},
      {"index_add",
       [](const V &x) {
         return npg::index_add(x[0], 1, ints({0, 2, 0}), x[1]);
       },
       {N({2, 3}), N({2, 3})}},
      {"setitem_integer",
       [](const V &x) {
         return npg::setitem(x[0], {1, 1}, x[1]);
       },
       {N({2, 3, 2}), N({2, 2})}},
      {"setitem_slice_broadcast",
       [](const V &x) {
         return npg::setitem(x[0], Slice{1, None}, x[1]);
       },
       {N({3, 2}), N({2})}},
      {"setitem_neg_step",
       [](const V &x) {
         return npg::setitem(x[0], {Slice{None, None, -2}, 1}, x[1]);
       },
       {N({2, 5}), N({2, 3})}},
      {"setitem_array",
       [](const V &x) {
         return npg::setitem(x[0], {ints({3, 0}), 0}, x[1]);
       },
       {N({4, 2}), N({2, 2})}},
      {"masked_fill",
       [](const V &x) {
         return npg::masked_fill(x[0], npg::array({true, false, true}), x[1]);
       },
       {N({2, 3}), N({})}},
      {"embedding",
       [](const V &x) {
         return npg::embedding(x[0], npg::array({{1, 3}, {1, 0}}));
       },
       {N({4, 3})}},
  };
}

class IndexingGradcheck
    : public ::testing::TestWithParam<std::tuple<Case, npg::DType>> {};

TEST_P(IndexingGradcheck, MatchesFiniteDifferences) {
  const auto &[c, dtype] = GetParam();
  npg::testing::expect_gradcheck(c, dtype);
}

INSTANTIATE_TEST_SUITE_P(
    Ops, IndexingGradcheck,
    ::testing::Combine(::testing::ValuesIn(gradcheck_cases()),
                       ::testing::Values(npg::float64)),
    [](const ::testing::TestParamInfo<IndexingGradcheck::ParamType> &info) {
      return std::get<0>(info.param).name;
    });

// --- In place and the version counter
// ------------------------------------------

TEST(IndexingInPlace, IndexPutWritesAndBumpsTheVersion) {
  Array x = x32();
  const std::uint64_t v0 = x.version();
  x.index_put_(ints({2, 0}), npg::array({7.0, 8.0}));
  EXPECT_TRUE(ArraysClose(x, npg::array({{7.0, 8.0}, {3.0, 4.0}, {7.0, 8.0}})));
  EXPECT_GT(x.version(), v0);
  x.index_put_(ints({1, 1}), 1.0, /*accumulate=*/true);
  EXPECT_TRUE(ArraysClose(x, npg::array({{7.0, 8.0}, {5.0, 6.0}, {7.0, 8.0}})));
  x.index_put_({Slice{1, None}, 1}, 0.0); // column 1
  EXPECT_TRUE(ArraysClose(x, npg::array({{7.0, 0.0}, {5.0, 0.0}, {7.0, 0.0}})));
  x.index_put_(-1, 1.0, true);
  EXPECT_TRUE(ArraysClose(x, npg::array({{7.0, 0.0}, {5.0, 0.0}, {8.0, 1.0}})));
}

TEST(IndexingInPlace, ChangedSavedArrayMakesBackwardThrow) {
  // w is saved by the product; writing into it afterwards must be caught.
  Array x = x32().requires_grad_(true);
  Array w = x32();
  const Array y = (x * w).sum();
  w.index_put_(ints({0}), 0.0);
  EXPECT_TRUE(
      ThrowsWith([&] { y.backward(); }, "modified by an in-place operation"));
  // The same through a view: assigning into a slice of w.
  Array w2 = x32();
  const Array y2 = (x * w2).sum();
  w2.slice(0, 1, 2).assign(npg::zeros({1, 2}));
  EXPECT_TRUE(ThrowsWith([&] { y2.backward(); }, "version"));
  // Indices saved by take count too.
  Array idx = ints({0, 1});
  const Array y3 = x[idx].sum();
  idx.index_put_(0, 2);
  EXPECT_TRUE(ThrowsWith([&] { y3.backward(); }, "version"));
}

TEST(IndexingInPlace, RefusedOnArraysThatRequireGrad) {
  Array x = x32().requires_grad_(true);
  EXPECT_TRUE(ThrowsWith([&] { x.index_put_(ints({0}), 1.0); },
                         "index_put_: an array that requires grad"));
  Array y = x32();
  EXPECT_TRUE(ThrowsWith([&] { y.index_put_(ints({0}), x[ints({1})]); },
                         "would lose its gradient"));
  npg::NoGradGuard guard;
  x.index_put_(ints({0}), 1.0);
  EXPECT_EQ(x.to_vector<double>()[0], 1.0);
}

// --- Errors
// --------------------------------------------------------------------

TEST(IndexingErrors, MessagesNameTheFault) {
  const Array x = x32();
  EXPECT_TRUE(ThrowsWith(
      [&] {
        x[ints({0, 5})];
      },
      "index 5 is out of bounds for axis 0 with size 3"));
  EXPECT_TRUE(ThrowsWith([&] { x[ints({-4})]; },
                         "index -4 is out of bounds for axis 0 with size 3"));
  EXPECT_TRUE(ThrowsWith([&] { npg::take(x, ints({2}), 1); },
                         "index 2 is out of bounds for axis 1 with size 2"));
  EXPECT_TRUE(ThrowsWith([&] { npg::take(x, ints({0}), 2); }, "axis 2"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        x[npg::array({0.0, 1.0})];
      },
      "arrays used as indices must be of integer (or "
      "boolean) type, but the indices have dtype float64"));
  EXPECT_TRUE(
      ThrowsWith([&] { npg::take(x, npg::array({true})); }, "dtype bool"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        x[npg::array({true, false})];
      },
      "boolean index did not match indexed array along "
      "axis 0; size of axis is 3 but size of "
      "corresponding boolean axis is 2"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::index_add(x, 0, ints({0}), npg::ones({2, 2}));
      },
      "index_add: source has shape (2,2), but x of shape (3,2) indexed "
      "along axis 0 by indices of shape (1,) needs a source of shape (1,2)"));
  EXPECT_TRUE(ThrowsWith([&] { npg::setitem(x, 3, 0.0); },
                         "index 3 is out of bounds for axis 0 with size 3"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::setitem(x, ints({0, 1}), npg::ones({3}));
      },
      "shape mismatch: value array of shape (3,) could not be broadcast to "
      "indexing result of shape (2,2)"));
  EXPECT_TRUE(ThrowsWith([&] { npg::setitem(x, 0, npg::ones({3})); },
                         "could not broadcast input array from shape (3,)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::setitem(x, Slice{0, 1, 0}, 1.0);
      },
      "slice step cannot be zero"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::masked_fill(x, npg::ones({3, 2}), 0.0);
      },
      "masked_fill: the mask must be a bool array, but it "
      "has dtype float64"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::masked_fill(x, npg::array({true, false, true}), 0.0);
      },
      "operands could not be broadcast"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::masked_fill(x, npg::ones({2, 3, 2}, npg::bool_), 0.0);
      },
      "masked_fill: the mask of shape (2,3,2) cannot be broadcast to the "
      "array's shape (3,2)"));
  EXPECT_TRUE(ThrowsWith([&] { npg::masked_fill(x, x > 1.0, npg::ones({2})); },
                         "masked_fill only supports a 0-dimensional value"));
  EXPECT_TRUE(ThrowsWith([&] { npg::embedding(x, ints({3})); },
                         "embedding: index 3 is out of range for a weight of "
                         "shape (3,2) (indices must be in [0, 3))"));
  EXPECT_TRUE(ThrowsWith([&] { npg::embedding(x, ints({-1})); },
                         "embedding: index -1 is out of range"));
  EXPECT_TRUE(ThrowsWith([&] { npg::embedding(npg::ones({3}), ints({0})); },
                         "embedding: weight must be 2-D"));
  EXPECT_TRUE(ThrowsWith([&] { npg::embedding(x, npg::array({0.0})); },
                         "embedding: arrays used as indices must be of "
                         "integer"));
  EXPECT_TRUE(ThrowsWith([] { npg::nn::Embedding(-1, 2); },
                         "Embedding: num_embeddings and embedding_dim must be "
                         "non-negative, got -1 and 2"));
}

} // namespace

namespace {

// --- Traced and compiled
// --------------------------------------------------------

using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;

using npg::testing::count;

TEST(IndexingTrace, RecordsGatherScatterAndInsertSlice) {
  const Array x = npg::random::randn({4, 3});
  const Array idx = npg::array({3, 0, 3});
  const npg::Trace t = npg::trace(
      [](const Array &a, const Array &i) {
        return npg::index_add(a, 0, i, a[i] * 2.0) +
               npg::setitem(a, {npg::Slice{1, 3}, 1}, 0.5) +
               npg::setitem(a, -1, a.select(0, 0));
      },
      x, idx);
  const std::string ir = t.mlir();
  EXPECT_EQ(count(ir, "npg.gather "), 1) << ir;
  EXPECT_EQ(count(ir, "npg.scatter_add "), 1) << ir;
  EXPECT_EQ(count(ir, "npg.insert_slice "), 2) << ir;
  EXPECT_NE(ir.find("axis = 0 : tensor<4x3xf64>, tensor<3xi64> -> "
                    "tensor<3x3xf64>"),
            std::string::npos)
      << ir;
}

TEST(IndexingTrace, RefusesWhatTheDialectCannotSay) {
  const Array x = npg::random::randn({3, 2});
  EXPECT_TRUE(ThrowsWith(
      [&] { npg::trace([](const Array &a) { return a[a > 0.0]; }, x); },
      "indexing with a bool mask"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::trace(
            [](const Array &a) {
              return npg::setitem(a, npg::array({0, 0}), 1.0);
            },
            x);
      },
      "setitem with an integer-array index"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::trace(
            [](const Array &a) {
              Array b = a.copy();
              b.index_put_(0, 1.0);
              return b;
            },
            x);
      },
      "cannot be traced"));
}

struct CompileCase {
  const char *name;
  std::function<Array(const Array &, const Array &)> fn;
  npg::Shape shape;
  std::vector<std::int64_t> first, second; // indices of two calls
  npg::Shape index_shape;
};

void PrintTo(const CompileCase &c, std::ostream *os) { *os << c.name; }

std::vector<CompileCase> compile_cases() {
  return {
      {"take_rows_repeated",
       [](const Array &x, const Array &i) { return (x[i] * x[i]).sum(); },
       {4, 3},
       {0, 3, 3, 1},
       {2, 2, -1, 0},
       {4}},
      {"take_axis1_2d_indices",
       [](const Array &x, const Array &i) {
         return (npg::take(x, i, 1).tanh() * 3.0).sum();
       },
       {2, 4, 3},
       {1, -1, 0, 1},
       {3, 3, 2, 0},
       {2, 2}},
      {"take_flat",
       [](const Array &x, const Array &i) {
         return npg::take(x, i).exp().sum();
       },
       {2, 3},
       {5, 0, 5},
       {1, 1, 4},
       {3}},
      {"index_add_both_sides",
       [](const Array &x, const Array &i) {
         const Array src = x.slice(0, 0, 3).sin();
         return (npg::index_add(x, 0, i, src) * x).sum();
       },
       {4, 2},
       {3, 0, 3},
       {1, 1, 1},
       {3}},
      {"embedding_then_setitem",
       [](const Array &x, const Array &i) {
         const Array e = npg::embedding(x, i);
         const Array s = npg::setitem(e, {npg::Slice{0, 1}, 1}, 0.25);
         return (npg::setitem(s, -1, x.select(0, 1)) * e).sum();
       },
       {5, 2},
       {4, 4, 0},
       {2, 3, 1},
       {3}},
      {"masked_fill",
       [](const Array &x, const Array &i) {
         const Array m = npg::array({true, false, true});
         return (x[i].masked_fill(m, -1.0) * x[i]).sum();
       },
       {3, 3},
       {2, 1},
       {0, 0},
       {2}},
  };
}

class IndexingCompiled
    : public ::testing::TestWithParam<std::tuple<CompileCase, npg::DType>> {};

TEST_P(IndexingCompiled, MatchesEagerWithNewIndices) {
  const auto &[c, dtype] = GetParam();
  const double tol = dtype == npg::float32 ? 1e-5 : 1e-12;
  auto compiled = npg::compile(c.fn);
  const Array i1 = npg::array(c.first, c.index_shape);
  const Array i2 = npg::array(c.second, c.index_shape);
  npg::random::manual_seed(5);
  const Array x0 = npg::random::randn(c.shape, dtype);
  // Traced (eager) call, then a compiled one with other indices.
  Array a = x0.copy().requires_grad_(true);
  compiled(a, i1);
  for (const Array &idx : {i2, i1}) {
    Array xe = x0.copy().requires_grad_(true);
    Array xc = x0.copy().requires_grad_(true);
    const Array eager = c.fn(xe, idx);
    const Array out = compiled(xc, idx);
    ASSERT_EQ(out.grad_fn()->name(), "Compiled");
    EXPECT_TRUE(ArraysClose(out, eager.detach(), tol, tol));
    eager.backward();
    out.backward();
    EXPECT_TRUE(ArraysClose(*xc.grad(), *xe.grad(), tol, tol));
  }
  EXPECT_EQ(compiled.stats().compiles, 1);
  EXPECT_EQ(compiled.stats().cache_hits, 2);
}

INSTANTIATE_TEST_SUITE_P(
    Ops, IndexingCompiled,
    ::testing::Combine(::testing::ValuesIn(compile_cases()),
                       ::testing::Values(npg::float64, npg::float32)),
    [](const auto &info) {
      return std::string(std::get<0>(info.param).name) +
             (std::get<1>(info.param) == npg::float32 ? "_f32" : "_f64");
    });

TEST(IndexingCompiled, EmbeddingModuleTrains) {
  npg::random::manual_seed(8);
  auto emb = std::make_shared<npg::nn::Embedding>(6, 3);
  auto step = npg::compile(
      [emb](const Array &i) { return emb->forward(i).pow(2).sum(); });
  const Array idx = npg::array({{5, 0}, {5, 2}});
  const Array w0 = emb->weight.detach().copy();
  step(idx); // traced
  emb->weight.zero_grad();
  step(idx).backward();
  // d/dw sum(w[i]^2) = 2 w[i] per use: row 5 twice, rows 0, 2 once.
  const Array g = *emb->weight.grad();
  EXPECT_TRUE(ArraysClose(g.select(0, 5), w0.select(0, 5) * 4.0));
  EXPECT_TRUE(ArraysClose(g.select(0, 2), w0.select(0, 2) * 2.0));
  EXPECT_TRUE(ArraysClose(g.select(0, 1), npg::zeros({3})));
}

} // namespace

namespace {

TEST(IndexingCompiledEdges, OutOfRangeIndicesAreClampedNotRead) {
  // Eager indexing throws; compiled code cannot, so the lowering clamps
  // (after wrapping negatives) instead of reading outside the array.
  auto f = npg::compile([](const Array &x, const Array &i) { return x[i]; });
  const Array x = npg::array({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}});
  f(x, npg::array({0, 1})); // traced
  const Array y = f(x, npg::array({7, -9}));
  EXPECT_EQ(f.stats().cache_hits, 1);
  EXPECT_TRUE(
      npg::testing::ArraysClose(y, npg::array({{5.0, 6.0}, {1.0, 2.0}})));
}

} // namespace
