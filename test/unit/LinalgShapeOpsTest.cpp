// dot, norm, diagonal, trace, repeat, triu/tril, split, stack,
// concatenate/cat and expand_dims: forward values worked out by hand (as
// numpy gives them), gradients against finite differences in float64,
// errors, views, and compiled values and gradients against eager ones.
#include "CompiledCase.h"
#include "GradcheckCase.h"

#include "npg/IR/TraceGraph.h"

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

namespace {

using npg::Array;
using npg::Shape;
using npg::testing::ArraysClose;
using npg::testing::grad_of;
using npg::testing::ThrowsWith;
using V = std::vector<Array>;
using Idx = std::vector<std::int64_t>;
constexpr auto None = std::nullopt;
constexpr double inf = std::numeric_limits<double>::infinity();

/// 0, 1, 2, ... as float64 in `shape`.
Array iota(const Shape &shape) {
  return npg::arange(npg::numel(shape), npg::float64).reshape(shape);
}

// --- Forward values ----------------------------------------------------------

TEST(LinalgForward, DotFollowsNumpyForEveryRank) {
  EXPECT_TRUE(ArraysClose(
      npg::dot(npg::array({1.0, 2.0, 3.0}), npg::array({4.0, 5.0, 6.0})),
      npg::array(32.0)));
  EXPECT_TRUE(ArraysClose(npg::array({{1.0, 2.0}, {3.0, 4.0}})
                              .dot(npg::array({{5.0, 6.0}, {7.0, 8.0}})),
                          npg::array({{19.0, 22.0}, {43.0, 50.0}})));
  // N-D . 1-D sums over the last axis.
  EXPECT_TRUE(ArraysClose(npg::dot(iota({2, 2, 2}), npg::array({1.0, 10.0})),
                          npg::array({{10.0, 32.0}, {54.0, 76.0}})));
  // 0-d operands multiply.
  EXPECT_TRUE(ArraysClose(npg::dot(npg::array(2.0), npg::array({1.0, 2.0})),
                          npg::array({2.0, 4.0})));
  // N-D . M-D: a's last axis against b's second-to-last, shape (2, 2, 2).
  EXPECT_TRUE(ArraysClose(npg::dot(iota({2, 3}), iota({2, 3, 2})),
                          npg::array({{{10.0, 13.0}, {28.0, 31.0}},
                                      {{28.0, 40.0}, {100.0, 112.0}}})));
  const Array ints = npg::dot(npg::array({1, 2}), npg::array({3, 4}));
  EXPECT_EQ(ints.dtype(), npg::int64);
  EXPECT_EQ(ints.item<std::int64_t>(), 11);
}

TEST(LinalgForward, NormDefaultsAndOrders) {
  EXPECT_TRUE(ArraysClose(npg::norm(npg::array({3.0, 4.0})), npg::array(5.0)));
  EXPECT_TRUE(ArraysClose(npg::norm(npg::array({{1.0, 2.0}, {3.0, 4.0}})),
                          npg::array(std::sqrt(30.0))));
  const Array x = npg::array({{3.0, 0.0}, {4.0, 1.0}});
  EXPECT_TRUE(ArraysClose(x.norm(None, 0), npg::array({5.0, 1.0})));
  EXPECT_TRUE(
      ArraysClose(x.norm(None, -1), npg::array({3.0, std::sqrt(17.0)})));
  EXPECT_TRUE(ArraysClose(x.norm(None, 1, true),
                          npg::array({{3.0}, {std::sqrt(17.0)}})));
  EXPECT_TRUE(
      ArraysClose(x.norm(None, {0, 1}, true), npg::array({{std::sqrt(26.0)}})));
  const Array v = npg::array({3.0, -4.0});
  EXPECT_TRUE(ArraysClose(v.norm(1.0), npg::array(7.0)));
  EXPECT_TRUE(ArraysClose(v.norm(inf), npg::array(4.0)));
  EXPECT_TRUE(ArraysClose(v.norm(-inf), npg::array(3.0)));
  EXPECT_TRUE(ArraysClose(npg::norm(npg::array({0.0, 2.0, -1.0}), 0.0),
                          npg::array(2.0)));
  EXPECT_TRUE(ArraysClose(npg::norm(npg::array({1.0, 2.0}), 3.0),
                          npg::array(std::cbrt(9.0))));
  EXPECT_TRUE(ArraysClose(npg::norm(npg::array({1.0, -2.0}), -1.0),
                          npg::array(1.0 / 1.5)));
  // ord over one axis of a matrix: one norm per row.
  EXPECT_TRUE(ArraysClose(x.norm(1.0, 1), npg::array({3.0, 5.0})));
  // Integers compute in float64; a 0-d array's norm is its magnitude.
  EXPECT_TRUE(ArraysClose(npg::norm(npg::array({3, 4})), npg::array(5.0)));
  EXPECT_TRUE(ArraysClose(npg::norm(npg::array(-2.5)), npg::array(2.5)));
  EXPECT_EQ(npg::norm(npg::array({3.0f, 4.0f})).dtype(), npg::float32);
}

TEST(LinalgForward, NormGradientAtZeroIsZeroAsInPyTorch) {
  for (double ord : {2.0, 3.0, 1.5}) {
    SCOPED_TRACE(ord);
    Array x = npg::zeros({3}, true);
    const Array n = npg::norm(x, ord);
    EXPECT_EQ(n.item<double>(), 0.0);
    EXPECT_TRUE(ArraysClose(grad_of(x, n), npg::zeros({3})));
  }
  // A NaN or inf gradient arriving at a zero norm stays NaN (PyTorch's
  // g * (x / norm masked to 0)); a finite one gives 0.
  for (double ord : {2.0, 3.0}) {
    for (double g : {std::nan(""), static_cast<double>(INFINITY)}) {
      SCOPED_TRACE(::testing::Message() << ord << " " << g);
      Array x = npg::zeros({2}, true);
      npg::norm(x, ord).backward(npg::array(g));
      EXPECT_TRUE(std::isnan((*x.grad())[0].item<double>()));
      EXPECT_TRUE(std::isnan((*x.grad())[1].item<double>()));
    }
  }
  // One zero row among others: only that row's gradient is zero.
  Array m = npg::array({{0.0, 0.0}, {3.0, 4.0}}, true);
  EXPECT_TRUE(ArraysClose(grad_of(m, m.norm(None, 1).sum()),
                          npg::array({{0.0, 0.0}, {0.6, 0.8}})));
}

TEST(LinalgForward, NormInfGradientSplitsTies) {
  Array x = npg::array({-2.0, 1.0, 2.0}, true);
  EXPECT_TRUE(
      ArraysClose(grad_of(x, x.norm(inf)), npg::array({-0.5, 0.0, 0.5})));
}

TEST(LinalgForward, DiagonalIsAViewOfEveryOffset) {
  const Array x = iota({3, 3});
  EXPECT_TRUE(ArraysClose(npg::diagonal(x), npg::array({0.0, 4.0, 8.0})));
  EXPECT_TRUE(ArraysClose(x.diagonal(1), npg::array({1.0, 5.0})));
  EXPECT_TRUE(ArraysClose(x.diagonal(-1), npg::array({3.0, 7.0})));
  EXPECT_TRUE(ArraysClose(x.diagonal(-2), npg::array({6.0})));
  EXPECT_EQ(x.diagonal(3).shape(), Shape({0}));
  EXPECT_EQ(x.diagonal(-5).shape(), Shape({0}));
  // Non-square, and the diagonal axis moved last.
  EXPECT_TRUE(ArraysClose(iota({2, 4}).diagonal(1), npg::array({1.0, 6.0})));
  const Array a = iota({2, 2, 2});
  EXPECT_TRUE(ArraysClose(a.diagonal(), npg::array({{0.0, 6.0}, {1.0, 7.0}})));
  EXPECT_TRUE(
      ArraysClose(a.diagonal(0, 1, 2), npg::array({{0.0, 3.0}, {4.0, 7.0}})));
  EXPECT_TRUE(
      ArraysClose(a.diagonal(0, -1, -2), npg::array({{0.0, 3.0}, {4.0, 7.0}})));
  EXPECT_TRUE(ArraysClose(a.diagonal(1, 0, 2), npg::array({{1.0}, {3.0}})));
  // A view: writes to x show through it.
  Array y = iota({3, 3});
  const Array d = y.diagonal(1);
  y.fill(7.0);
  EXPECT_TRUE(ArraysClose(d, npg::array({7.0, 7.0})));
  // Of a transposed view too.
  EXPECT_TRUE(
      ArraysClose(iota({2, 3}).T().diagonal(-1), npg::array({1.0, 5.0})));
}

TEST(LinalgForward, DiagonalBackwardWritesOntoTheDiagonal) {
  Array x = npg::zeros({3, 3}, true);
  EXPECT_TRUE(ArraysClose(
      grad_of(x, x.diagonal(1), npg::array({2.0, 3.0})),
      npg::array({{0.0, 2.0, 0.0}, {0.0, 0.0, 3.0}, {0.0, 0.0, 0.0}})));
  Array y = npg::zeros({2, 3}, true);
  EXPECT_TRUE(ArraysClose(grad_of(y, y.diagonal(-1).sum()),
                          npg::array({{0.0, 0.0, 0.0}, {1.0, 0.0, 0.0}})));
}

TEST(LinalgForward, Trace) {
  EXPECT_TRUE(ArraysClose(npg::trace(iota({3, 3})), npg::array(12.0)));
  EXPECT_TRUE(ArraysClose(iota({3, 3}).trace(1), npg::array(6.0)));
  EXPECT_TRUE(ArraysClose(iota({3, 3}).trace(-1), npg::array(10.0)));
  EXPECT_TRUE(ArraysClose(iota({2, 2, 2}).trace(), npg::array({6.0, 8.0})));
  const Array t = npg::array({{1, 2}, {3, 4}}).trace();
  EXPECT_EQ(t.dtype(), npg::int64);
  EXPECT_EQ(t.item<std::int64_t>(), 5);
}

TEST(ShapeForward, Repeat) {
  const Array x = npg::array({{1.0, 2.0}, {3.0, 4.0}});
  EXPECT_TRUE(ArraysClose(
      x.repeat(2), npg::array({1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 4.0})));
  EXPECT_TRUE(ArraysClose(
      npg::repeat(x, 2, 0),
      npg::array({{1.0, 2.0}, {1.0, 2.0}, {3.0, 4.0}, {3.0, 4.0}})));
  EXPECT_TRUE(ArraysClose(x.repeat(3, -1),
                          npg::array({{1.0, 1.0, 1.0, 2.0, 2.0, 2.0},
                                      {3.0, 3.0, 3.0, 4.0, 4.0, 4.0}})));
  EXPECT_EQ(x.repeat(0, 0).shape(), Shape({0, 2}));
  EXPECT_TRUE(ArraysClose(npg::repeat(npg::array(5.0), 3),
                          npg::array({5.0, 5.0, 5.0})));
  EXPECT_EQ(npg::repeat(npg::array({1, 2}), 2).dtype(), npg::int64);
}

TEST(ShapeForward, TriuTril) {
  const Array m = iota({3, 3}) + 1.0;
  EXPECT_TRUE(ArraysClose(
      npg::triu(m),
      npg::array({{1.0, 2.0, 3.0}, {0.0, 5.0, 6.0}, {0.0, 0.0, 9.0}})));
  EXPECT_TRUE(ArraysClose(
      m.triu(1),
      npg::array({{0.0, 2.0, 3.0}, {0.0, 0.0, 6.0}, {0.0, 0.0, 0.0}})));
  EXPECT_TRUE(ArraysClose(
      m.triu(-1),
      npg::array({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}, {0.0, 8.0, 9.0}})));
  EXPECT_TRUE(ArraysClose(
      npg::tril(m),
      npg::array({{1.0, 0.0, 0.0}, {4.0, 5.0, 0.0}, {7.0, 8.0, 9.0}})));
  EXPECT_TRUE(ArraysClose(
      m.tril(-1),
      npg::array({{0.0, 0.0, 0.0}, {4.0, 0.0, 0.0}, {7.0, 8.0, 0.0}})));
  EXPECT_TRUE(
      ArraysClose(npg::tril(npg::array({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}})),
                  npg::array({{1.0, 0.0, 0.0}, {4.0, 5.0, 0.0}})));
  // numpy takes a 1-D array as every row of a square.
  EXPECT_TRUE(ArraysClose(
      npg::triu(npg::array({1.0, 2.0, 3.0})),
      npg::array({{1.0, 2.0, 3.0}, {0.0, 2.0, 3.0}, {0.0, 0.0, 3.0}})));
  // Batches apply to the last two axes.
  EXPECT_TRUE(ArraysClose(
      npg::tril(iota({2, 2, 2})),
      npg::array({{{0.0, 0.0}, {2.0, 3.0}}, {{4.0, 0.0}, {6.0, 7.0}}})));
  const Array ints = npg::triu(npg::array({{1, 2}, {3, 4}}));
  EXPECT_EQ(ints.dtype(), npg::int64);
  EXPECT_EQ(ints.to_vector<std::int64_t>(),
            std::vector<std::int64_t>({1, 2, 0, 4}));
}

TEST(ShapeForward, SplitBySectionsAndIndices) {
  const Array x = iota({6});
  const V thirds = npg::split(x, 3);
  ASSERT_EQ(thirds.size(), 3u);
  EXPECT_TRUE(ArraysClose(thirds[0], npg::array({0.0, 1.0})));
  EXPECT_TRUE(ArraysClose(thirds[1], npg::array({2.0, 3.0})));
  EXPECT_TRUE(ArraysClose(thirds[2], npg::array({4.0, 5.0})));
  const V at = npg::split(x, Idx{2, 5});
  ASSERT_EQ(at.size(), 3u);
  EXPECT_TRUE(ArraysClose(at[0], npg::array({0.0, 1.0})));
  EXPECT_TRUE(ArraysClose(at[1], npg::array({2.0, 3.0, 4.0})));
  EXPECT_TRUE(ArraysClose(at[2], npg::array({5.0})));
  // Python slice bounds: negative from the end, past the end clamps.
  const V neg = npg::split(x, Idx{-2});
  ASSERT_EQ(neg.size(), 2u);
  EXPECT_TRUE(ArraysClose(neg[1], npg::array({4.0, 5.0})));
  const V past = npg::split(x, Idx{10});
  ASSERT_EQ(past.size(), 2u);
  EXPECT_EQ(past[0].shape(), Shape({6}));
  EXPECT_EQ(past[1].shape(), Shape({0}));
  const V cols = npg::split(iota({2, 4}), 2, -1);
  ASSERT_EQ(cols.size(), 2u);
  EXPECT_TRUE(ArraysClose(cols[1], npg::array({{2.0, 3.0}, {6.0, 7.0}})));
  EXPECT_EQ(npg::split(x, Idx{}).size(), 1u);
}

TEST(ShapeForward, SplitIsAlsoAMethod) {
  // x.split(...) has npg::split's overloads: sections or indices, an axis.
  const Array x = iota({2, 6});
  const V halves = x.split(2, 1);
  ASSERT_EQ(halves.size(), 2u);
  EXPECT_TRUE(
      ArraysClose(halves[1], npg::array({{3.0, 4.0, 5.0}, {9.0, 10.0, 11.0}})));
  const V rows = x.split(2);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_TRUE(ArraysClose(rows[0], iota({1, 6})));
  const V at = x.split(Idx{1, 4}, -1);
  ASSERT_EQ(at.size(), 3u);
  EXPECT_EQ(at[1].shape(), Shape({2, 3}));
  EXPECT_TRUE(ArraysClose(at[2], npg::array({{4.0, 5.0}, {10.0, 11.0}})));
  // Views with gradients, as the free function's.
  Array w = iota({4}).requires_grad_();
  const V parts = w.split(2);
  EXPECT_TRUE(ArraysClose(grad_of(w, (parts[0] * 2.0 + parts[1]).sum()),
                          npg::array({2.0, 2.0, 1.0, 1.0})));
}

TEST(ShapeForward, StackConcatenateExpandDims) {
  const Array a = npg::array({1.0, 2.0}), b = npg::array({3.0, 4.0});
  EXPECT_TRUE(
      ArraysClose(npg::stack({a, b}), npg::array({{1.0, 2.0}, {3.0, 4.0}})));
  EXPECT_TRUE(
      ArraysClose(npg::stack({a, b}, 1), npg::array({{1.0, 3.0}, {2.0, 4.0}})));
  EXPECT_TRUE(ArraysClose(npg::stack({a, b}, -1),
                          npg::array({{1.0, 3.0}, {2.0, 4.0}})));
  EXPECT_TRUE(ArraysClose(npg::stack({npg::array(1.0), npg::array(2.0)}),
                          npg::array({1.0, 2.0})));
  EXPECT_TRUE(
      ArraysClose(npg::concatenate({npg::array({{1.0, 2.0}}),
                                    npg::array({{3.0, 4.0}, {5.0, 6.0}})}),
                  npg::array({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}})));
  EXPECT_TRUE(ArraysClose(npg::cat({npg::array({{1.0}, {2.0}}),
                                    npg::array({{3.0, 4.0}, {5.0, 6.0}})},
                                   -1),
                          npg::array({{1.0, 3.0, 4.0}, {2.0, 5.0, 6.0}})));
  // dtypes promote; an empty input adds nothing.
  const Array mixed = npg::concatenate(
      {npg::array({1, 2}), npg::zeros({0}), npg::array({0.5})});
  EXPECT_TRUE(ArraysClose(mixed, npg::array({1.0, 2.0, 0.5})));
  // Of views (a transpose, a negative-step slice).
  EXPECT_TRUE(ArraysClose(
      npg::concatenate({iota({2, 2}).T(),
                        iota({2}).slice(0, None, None, -1).reshape({1, 2})}),
      npg::array({{0.0, 2.0}, {1.0, 3.0}, {1.0, 0.0}})));

  const Array x = iota({2, 3});
  EXPECT_EQ(npg::expand_dims(x, 0).shape(), Shape({1, 2, 3}));
  EXPECT_EQ(npg::expand_dims(x, -1).shape(), Shape({2, 3, 1}));
  EXPECT_EQ(npg::expand_dims(x, 1).shape(), Shape({2, 1, 3}));
  EXPECT_EQ(npg::expand_dims(x, Idx{0, 2}).shape(), Shape({1, 2, 1, 3}));
  EXPECT_EQ(npg::expand_dims(x, Idx{0, -1}).shape(), Shape({1, 2, 3, 1}));
  EXPECT_EQ(npg::expand_dims(npg::array(1.0), 0).shape(), Shape({1}));
  EXPECT_TRUE(ArraysClose(npg::expand_dims(x, Idx{0, 2}).reshape({2, 3}), x));
  // A view.
  Array y = iota({2});
  const Array e = npg::expand_dims(y, 0);
  y.fill(3.0);
  EXPECT_TRUE(ArraysClose(e, npg::array({{3.0, 3.0}})));
}

TEST(ShapeForward, ConcatenateGradientIsEachInputsRange) {
  Array a = npg::zeros({1, 2}, true), b = npg::zeros({2, 2}, true);
  const Array g = iota({3, 2});
  npg::concatenate({a, b}).backward(g);
  EXPECT_TRUE(ArraysClose(*a.grad(), npg::array({{0.0, 1.0}})));
  EXPECT_TRUE(ArraysClose(*b.grad(), npg::array({{2.0, 3.0}, {4.0, 5.0}})));
  // An input that needs no gradient gets none.
  Array c = npg::zeros({2}, true);
  npg::concatenate({npg::ones({1}), c}).backward(npg::array({5.0, 6.0, 7.0}));
  EXPECT_TRUE(ArraysClose(*c.grad(), npg::array({6.0, 7.0})));
}

// --- Errors ------------------------------------------------------------------

TEST(LinalgShapeErrors, NameTheShapesAtFault) {
  const Array v3 = iota({3}), v2 = iota({2}), m = iota({2, 3});
  EXPECT_TRUE(ThrowsWith([&] { npg::dot(v3, v2); },
                         "shapes (3,) and (2,) not aligned: 3 (dim 0) != 2 "
                         "(dim 0)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::dot(m, iota({2, 2, 2}));
      },
      "shapes (2,3) and (2,2,2) not aligned: 3 (dim 1) != "
      "2 (dim 1)"));
  EXPECT_TRUE(ThrowsWith([&] { npg::dot(m, m); }, "not aligned"));

  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::norm(iota({2, 2, 2}), 1.0);
      },
      "Improper number of dimensions to norm"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::norm(iota({2, 2, 2}), None, {0, 1, 2});
      },
      "Improper number of dimensions to norm"));
  EXPECT_TRUE(
      ThrowsWith([&] { npg::norm(m, 1.0); }, "only the Frobenius matrix norm"));
  EXPECT_TRUE(ThrowsWith([&] { npg::norm(m, None, 2); },
                         "axis 2 is out of bounds for array of dimension 2"));

  EXPECT_TRUE(ThrowsWith([&] { npg::diagonal(v3); },
                         "diag requires an array of at least two dimensions, "
                         "got shape (3,)"));
  EXPECT_TRUE(ThrowsWith([&] { npg::diagonal(m, 0, 1, -1); },
                         "axis1 and axis2 cannot be the same"));
  EXPECT_TRUE(
      ThrowsWith([&] { npg::trace(m, 0, 0, 2); }, "axis 2 is out of bounds"));

  EXPECT_TRUE(ThrowsWith([&] { npg::repeat(m, -1); },
                         "repeats may not contain negative values"));
  EXPECT_TRUE(
      ThrowsWith([&] { npg::repeat(m, 2, 2); }, "axis 2 is out of bounds"));
  EXPECT_TRUE(ThrowsWith([&] { npg::triu(npg::array(1.0)); },
                         "triu: the array must have at least one dimension"));

  EXPECT_TRUE(ThrowsWith([&] { npg::split(iota({5}), 2); },
                         "array split does not result in an equal division: "
                         "5 elements along axis 0 of shape (5,) into 2"));
  EXPECT_TRUE(ThrowsWith([&] { npg::split(iota({4}), 0); },
                         "number sections must be larger than 0"));
  EXPECT_TRUE(ThrowsWith([&] { npg::split(iota({4}), 2, 1); },
                         "axis 1 is out of bounds"));

  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::stack({v3, v2});
      },
      "all input arrays must have the same shape, but the "
      "array at index 0 has shape (3,) and the array at "
      "index 1 has shape (2,)"));
  EXPECT_TRUE(
      ThrowsWith([&] { npg::stack({}); }, "need at least one array to stack"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::stack({v3, v3}, 2);
      },
      "axis 2 is out of bounds for array of dimension 2"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::concatenate({m, iota({2, 2})}, 0);
      },
      "along dimension 1, the array at index 0 has size 3 "
      "and the array at index 1 has size 2 (shapes (2,3) "
      "and (2,2))"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::cat({m, v3});
      },
      "the array at index 0 has 2 dimension(s) and the "
      "array at index 1 has 1 dimension(s)"));
  EXPECT_TRUE(ThrowsWith([&] { npg::concatenate({npg::array(1.0)}); },
                         "zero-dimensional arrays cannot be concatenated"));
  EXPECT_TRUE(ThrowsWith([&] { npg::concatenate({}); },
                         "need at least one array to concatenate"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::concatenate({m, m}, -3);
      },
      "axis -3 is out of bounds"));

  EXPECT_TRUE(ThrowsWith([&] { npg::expand_dims(m, 3); },
                         "axis 3 is out of bounds for array of dimension 3"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::expand_dims(m, Idx{0, -4});
      },
      "repeated axis in expand_dims: -4"));
}

// --- Gradients against finite differences
// -------------------------------------

using Case = npg::testing::GradcheckCase;
using npg::testing::N;
using npg::testing::NZ;

std::vector<Case> gradcheck_cases() {
  using F = const V &;
  return {
      {"dot_1d", [](F x) { return npg::dot(x[0], x[1]); }, {N({4}), N({4})}},
      {"dot_2d", [](F x) { return x[0].dot(x[1]); }, {N({2, 3}), N({3, 4})}},
      {"dot_nd_1d",
       [](F x) { return npg::dot(x[0], x[1]); },
       {N({2, 3, 4}), N({4})}},
      {"dot_1d_nd",
       [](F x) { return npg::dot(x[0], x[1]); },
       {N({3}), N({2, 3, 4})}},
      {"dot_nd_md",
       [](F x) { return npg::dot(x[0], x[1]); },
       {N({2, 3}), N({4, 3, 2})}},
      {"dot_0d", [](F x) { return npg::dot(x[0], x[1]); }, {N({}), N({2, 3})}},
      {"norm_all", [](F x) { return npg::norm(x[0]); }, {N({2, 3, 2})}},
      {"norm_axis", [](F x) { return x[0].norm(None, 1); }, {N({3, 4})}},
      {"norm_neg_axis_keep",
       [](F x) { return x[0].norm(None, -1, true); },
       {N({2, 3, 4})}},
      {"norm_two_axes",
       [](F x) {
         return x[0].norm(None, {0, 2});
       },
       {N({2, 3, 4})}},
      {"norm_0d", [](F x) { return npg::norm(x[0]); }, {NZ({})}},
      {"norm_ord1", [](F x) { return x[0].norm(1.0, 0); }, {NZ({4, 3})}},
      {"norm_ord3", [](F x) { return x[0].norm(3.0); }, {NZ({5})}},
      {"norm_ord_half", [](F x) { return x[0].norm(0.5, 1); }, {NZ({2, 4})}},
      {"norm_ord_neg1", [](F x) { return x[0].norm(-1.0); }, {NZ({4})}},
      {"norm_inf",
       [](F x) { return x[0].norm(inf, -1); },
       {npg::testing::D({3, 4})}},
      {"norm_neg_inf",
       [](F x) { return x[0].norm(-inf); },
       {npg::testing::D({6})}},
      {"diagonal", [](F x) { return npg::diagonal(x[0]); }, {N({3, 3})}},
      {"diagonal_offset", [](F x) { return x[0].diagonal(1); }, {N({3, 4})}},
      {"diagonal_neg_offset",
       [](F x) { return x[0].diagonal(-2); },
       {N({4, 3})}},
      {"diagonal_axes",
       [](F x) { return x[0].diagonal(1, -1, 0); },
       {N({3, 2, 4})}},
      {"diagonal_of_view",
       [](F x) { return x[0].T().diagonal(0, 0, 1); },
       {N({3, 2})}},
      {"trace", [](F x) { return npg::trace(x[0]); }, {N({3, 3})}},
      {"trace_batched",
       [](F x) { return x[0].trace(-1, 1, 2); },
       {N({2, 3, 3})}},
      {"repeat_flat", [](F x) { return x[0].repeat(3); }, {N({2, 2})}},
      {"repeat_axis0",
       [](F x) { return npg::repeat(x[0], 2, 0); },
       {N({2, 3})}},
      {"repeat_neg_axis", [](F x) { return x[0].repeat(2, -1); }, {N({2, 3})}},
      {"repeat_0d", [](F x) { return npg::repeat(x[0], 4); }, {N({})}},
      {"triu", [](F x) { return npg::triu(x[0]); }, {N({3, 3})}},
      {"triu_k", [](F x) { return x[0].triu(1); }, {N({2, 3, 4})}},
      {"tril_neg_k", [](F x) { return npg::tril(x[0], -1); }, {N({4, 3})}},
      {"tril_1d", [](F x) { return x[0].tril(); }, {N({3})}},
      {"split_sections",
       [](F x) {
         const V p = npg::split(x[0], 2, 1);
         return p[0] * p[1].exp();
       },
       {N({2, 4})}},
      {"split_indices",
       [](F x) {
         const V p = npg::split(x[0], Idx{1, -1}, -1);
         return p[0].sum() * p[1].sin().sum() + p[2].sum();
       },
       {N({2, 5})}},
      {"stack",
       [](F x) {
         return npg::stack({x[0], x[1].exp(), x[0]});
       },
       {N({2, 3}), N({2, 3})}},
      {"stack_neg_axis",
       [](F x) {
         return npg::stack({x[0], x[1]}, -1);
       },
       {N({2, 3}), N({2, 3})}},
      {"concatenate",
       [](F x) {
         return npg::concatenate({x[0], x[1]}, 1);
       },
       {N({2, 3}), N({2, 1})}},
      {"cat_repeated_input",
       [](F x) {
         return npg::cat({x[0], x[0].sin(), x[1]});
       },
       {N({2, 2}), N({1, 2})}},
      {"expand_dims",
       [](F x) {
         return npg::expand_dims(x[0], Idx{0, -1});
       },
       {N({2, 3})}},
  };
}

class LinalgShapeGradcheck : public ::testing::TestWithParam<Case> {};

TEST_P(LinalgShapeGradcheck, MatchesFiniteDifferences) {
  npg::testing::expect_gradcheck(GetParam(), npg::float64);
}

INSTANTIATE_TEST_SUITE_P(Ops, LinalgShapeGradcheck,
                         ::testing::ValuesIn(gradcheck_cases()),
                         [](const auto &info) { return info.param.name; });

// --- Compiled against eager
// ---------------------------------------------------

using CompileCase = npg::testing::CompiledCase;

std::vector<CompileCase> compile_cases() {
  using F = const V &;
  // Each result goes through tanh and a weighted sum so that every element's
  // gradient differs.
  auto reduce = [](const Array &y) {
    return (y.tanh() * npg::arange(y.size(), y.dtype()).reshape(y.shape()))
        .sum();
  };
  return {
      {"dot_1d", [=](F x) { return reduce(npg::dot(x[0], x[1])); }, {{4}, {4}}},
      {"dot_nd_md",
       [=](F x) { return reduce(npg::dot(x[0], x[1])); },
       {{2, 3}, {4, 3, 2}}},
      {"norm_all", [=](F x) { return reduce(npg::norm(x[0])); }, {{3, 4}}},
      {"norm_axis_keep",
       [=](F x) { return reduce(x[0] / x[0].norm(None, -1, true)); },
       {{3, 4}}},
      {"norm_ord3", [=](F x) { return reduce(x[0].norm(3.0, 0)); }, {{3, 4}}},
      {"norm_ord1", [=](F x) { return reduce(x[0].norm(1.0, 1)); }, {{3, 4}}},
      {"norm_inf", [=](F x) { return reduce(x[0].norm(inf, 1)); }, {{3, 4}}},
      {"diagonal", [=](F x) { return reduce(x[0].diagonal(1)); }, {{3, 4}}},
      {"diagonal_axes",
       [=](F x) { return reduce(x[0].diagonal(-1, 2, 0)); },
       {{3, 2, 4}}},
      {"diagonal_empty",
       [=](F x) { return reduce(x[0].diagonal(5)) + x[0].sum(); },
       {{2, 3}}},
      {"trace", [=](F x) { return reduce(x[0].trace(0, 1, 2)); }, {{2, 3, 3}}},
      {"repeat", [=](F x) { return reduce(x[0].repeat(2, 1)); }, {{2, 3}}},
      {"repeat_flat", [=](F x) { return reduce(x[0].repeat(3)); }, {{2, 2}}},
      {"triu", [=](F x) { return reduce(x[0].triu(-1)); }, {{3, 4}}},
      {"tril", [=](F x) { return reduce(npg::tril(x[0], 1)); }, {{2, 3, 3}}},
      {"split",
       [=](F x) {
         const V p = npg::split(x[0], Idx{1, 3}, 1);
         return reduce(p[0]) + reduce(p[1] * 2.0) + reduce(p[2].exp());
       },
       {{2, 4}}},
      {"stack",
       [=](F x) {
         return reduce(npg::stack({x[0], x[1]}, 1));
       },
       {{2, 3}, {2, 3}}},
      {"concatenate",
       [=](F x) {
         return reduce(npg::concatenate({x[0], x[1], x[0]}, -1));
       },
       {{2, 3}, {2, 1}}},
      {"expand_dims",
       [=](F x) {
         return reduce(npg::expand_dims(x[0], Idx{0, 2}) * x[1]);
       },
       {{2, 3}, {4, 1, 1, 3}}},
  };
}

class LinalgShapeCompiled : public npg::testing::CompiledSuite {};

TEST_P(LinalgShapeCompiled, MatchesEagerValuesAndGradients) {
  npg::testing::ExpectCompiledMatchesEager(std::get<0>(GetParam()),
                                           std::get<1>(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Ops, LinalgShapeCompiled,
                         npg::testing::CompiledSuiteValues(compile_cases()),
                         npg::testing::CompiledTestName);

TEST(LinalgShapeCompiled, NormGradientAtZeroIsZeroCompiledToo) {
  auto compiled = npg::compile([](const Array &x) {
    return x.norm(None, 1).sum() + x.flatten().norm(3.0);
  });
  compiled(npg::random::randn({2, 3}, true)); // traces
  Array x = npg::array({{0.0, 0.0, 0.0}, {1.0, 2.0, 2.0}}, true);
  compiled(x).backward();
  const double c = 1.0 / std::cbrt(17.0 * 17.0); // d||v||_3/dv_i = v_i^2/n^2
  EXPECT_TRUE(ArraysClose(
      *x.grad(),
      npg::array({{0.0, 0.0, 0.0},
                  {1.0 / 3.0 + c, 2.0 / 3.0 + 4.0 * c, 2.0 / 3.0 + 4.0 * c}})));
}

TEST(LinalgShapeCompiled, ConcatenateTracesAsOneConcat) {
  const npg::Trace t = npg::trace(
      [](const Array &a, const Array &b) {
        return npg::concatenate({a, b}, 1);
      },
      iota({2, 1}), iota({2, 2}));
  const npg::ir::TraceGraph &g = t.graph();
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(g.ops[0].kind, npg::ops::OpKind::Concat);
}

TEST(LinalgShapeCompiled, DiagonalTracesAsTransposeReshapeStridedSlice) {
  const npg::Trace t = npg::trace(
      [](const Array &x) { return x.diagonal(-1, 1, 0); }, iota({3, 4}));
  const npg::ir::TraceGraph &g = t.graph();
  ASSERT_EQ(g.ops.size(), 3u);
  EXPECT_EQ(g.ops[0].kind, npg::ops::OpKind::Transpose);
  EXPECT_EQ(g.ops[1].kind, npg::ops::OpKind::Reshape);
  EXPECT_EQ(g.ops[2].kind, npg::ops::OpKind::Slice);
  // Elements (1, 0), (2, 1), (3, 2) of the 4x3 transpose (x[0][1], x[1][2],
  // x[2][3]): flat 3, 7, 11.
  const auto &steps = std::get<std::vector<std::int64_t>>(g.ops[2].attrs[2]);
  const auto &starts = std::get<std::vector<std::int64_t>>(g.ops[2].attrs[0]);
  EXPECT_EQ(npg::ops::info(npg::ops::OpKind::Slice).attrs[2].name, "steps");
  EXPECT_EQ(steps, Idx({4}));
  EXPECT_EQ(starts, Idx({3}));
  EXPECT_TRUE(ArraysClose(t.outputs()[0], npg::array({1.0, 6.0, 11.0})));
}

} // namespace
