// The eager runtime: creation, dtypes and promotion, views, broadcasting,
// reductions, printing, random. Expected values are numpy's.
#include "Expect.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <set>
#include <sstream>

using npg::Array;
using npg::Shape;
using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;

TEST(Creation, DtypesFollowNumpyDefaults) {
  EXPECT_EQ(npg::array({2.0}).dtype(), npg::float64);
  EXPECT_EQ(npg::array({1, 2}).dtype(), npg::int64);
  EXPECT_EQ(npg::array({true, false}).dtype(), npg::bool_);
  EXPECT_EQ(npg::array(std::vector<float>{1, 2, 3, 4, 5, 6}, {2, 3}).dtype(),
            npg::float32);
  EXPECT_EQ(npg::array(std::vector<std::int32_t>{1, 2}, {2}).dtype(),
            npg::int32);
  EXPECT_EQ(npg::zeros({2, 3}).dtype(), npg::float64);
  EXPECT_EQ(npg::full({2}, 7).dtype(), npg::int64);
  EXPECT_EQ(npg::full({2}, 7.0).dtype(), npg::float64);
  EXPECT_EQ(npg::arange(5).dtype(), npg::int64);
  EXPECT_EQ(npg::arange(0.0, 1.0, 0.25).dtype(), npg::float64);
  EXPECT_EQ(npg::zeros({2}, npg::float32).dtype(), npg::float32);
  EXPECT_EQ(npg::ones_like(npg::zeros({2}, npg::int32)).dtype(), npg::int32);
  EXPECT_EQ(npg::array(3.5).ndim(), 0);
}

TEST(Creation, ValuesAndShapes) {
  Array m = npg::array({{1.0, 2.0}, {3.0, 4.0}}, true);
  EXPECT_EQ(m.shape(), (Shape{2, 2}));
  EXPECT_TRUE(m.requires_grad());
  EXPECT_EQ(m.to_vector<double>(), (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(npg::arange(2, 11, 3).to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{2, 5, 8}));
  EXPECT_EQ(npg::arange(0.0, 1.0, 0.25).to_vector<double>(),
            (std::vector<double>{0, .25, .5, .75}));
  EXPECT_EQ(npg::linspace(0, 1, 5).to_vector<double>(),
            (std::vector<double>{0, .25, .5, .75, 1}));
  EXPECT_EQ(npg::eye(2, 3).to_vector<double>(),
            (std::vector<double>{1, 0, 0, 0, 1, 0}));
  EXPECT_TRUE(ArraysClose(npg::full({2}, 1.5, {npg::float32, true}),
                          npg::array({1.5f, 1.5f})));
  EXPECT_TRUE(npg::zeros({2}, true).requires_grad());
  EXPECT_EQ(npg::array({{{1, 2}}, {{3, 4}}}).shape(), (Shape{2, 1, 2}));
}

TEST(Creation, StorageIs64ByteAligned) {
  for (int n : {1, 3, 17, 1000}) {
    Array a = npg::empty({n}, npg::float32);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(a.raw_data()) % 64, 0u);
  }
}

TEST(Creation, Constants) {
  // npg::pi, npg::e, npg::inf, npg::nan, as numpy's np.pi, np.e, ...
  static_assert(npg::pi == std::numbers::pi && npg::e == std::numbers::e);
  static_assert(npg::inf == std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(npg::nan));
  EXPECT_TRUE(ArraysClose(npg::cos(npg::array(npg::pi)), npg::array(-1.0)));
  EXPECT_TRUE(ArraysClose(npg::log(npg::array(npg::e)), npg::array(1.0)));
  EXPECT_TRUE(ArraysClose(npg::array({npg::inf, -npg::inf}).isinf(),
                          npg::array({true, true})));
  EXPECT_TRUE(npg::full({2}, npg::nan).isnan().all().item<bool>());
}

TEST(Promotion, FollowsNumpy) {
  auto dt = [](npg::DType a, npg::DType b) {
    return (npg::ones({2}, a) + npg::ones({2}, b)).dtype();
  };
  EXPECT_EQ(dt(npg::int32, npg::float32), npg::float64);
  EXPECT_EQ(dt(npg::int64, npg::float32), npg::float64);
  EXPECT_EQ(dt(npg::int32, npg::int64), npg::int64);
  EXPECT_EQ(dt(npg::float32, npg::float64), npg::float64);
  EXPECT_EQ(dt(npg::bool_, npg::float32), npg::float32);
  EXPECT_EQ(dt(npg::bool_, npg::bool_), npg::bool_);
  // Python numbers are weak: they do not widen an array's dtype.
  EXPECT_EQ((npg::ones({2}, npg::float32) * 2.0).dtype(), npg::float32);
  EXPECT_EQ((npg::ones({2}, npg::int32) + 2).dtype(), npg::int32);
  EXPECT_EQ((npg::ones({2}, npg::int32) * 2.5).dtype(), npg::float64);
  EXPECT_EQ((npg::ones({2}, npg::bool_) + 1).dtype(), npg::int64);
  // True division and math functions of integers give float64.
  EXPECT_EQ((npg::arange(3) / npg::arange(1, 4)).dtype(), npg::float64);
  EXPECT_EQ(npg::exp(npg::arange(3)).dtype(), npg::float64);
  EXPECT_EQ(npg::sum(npg::ones({3}, npg::int32)).dtype(), npg::int64);
  EXPECT_EQ(npg::mean(npg::arange(4)).dtype(), npg::float64);
}

TEST(Views, ShareStorageAndUseElementStrides) {
  Array a = npg::arange(12.0).reshape({3, 4});
  EXPECT_EQ(a.strides(), (npg::Strides{4, 1}));
  Array t = a.T();
  EXPECT_EQ(t.strides(), (npg::Strides{1, 4}));
  EXPECT_FALSE(t.is_contiguous());
  EXPECT_EQ(t.raw_data(), a.raw_data());
  Array s = a.slice(1, 1, std::nullopt, 2); // a[:, 1::2]
  EXPECT_EQ(s.shape(), (Shape{3, 2}));
  EXPECT_EQ(s.to_vector<double>(), (std::vector<double>{1, 3, 5, 7, 9, 11}));
  s.fill(0.0);
  EXPECT_EQ(a[0].to_vector<double>(), (std::vector<double>{0, 0, 2, 0}));
  EXPECT_EQ(a.slice(0, -1, std::nullopt, -1).shape(), (Shape{3, 4})); // a[::-1]
  EXPECT_EQ(a.slice(0, std::nullopt, std::nullopt, -1)[0].to_vector<double>(),
            (std::vector<double>{8, 0, 10, 0}));
  EXPECT_EQ(a.select(1, -1).to_vector<double>(),
            (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(a.unsqueeze(0).shape(), (Shape{1, 3, 4}));
  EXPECT_EQ(a.unsqueeze(-1).squeeze().shape(), (Shape{3, 4}));
  EXPECT_EQ(a.permute({1, 0}).shape(), (Shape{4, 3}));
  EXPECT_EQ(npg::zeros({2, 3, 4}).transpose(0, 2).shape(), (Shape{4, 3, 2}));
  EXPECT_EQ(a.flatten().shape(), (Shape{12}));
  EXPECT_EQ(a.reshape({2, -1}).shape(), (Shape{2, 6}));
}

TEST(Broadcasting, ElementwiseValues) {
  Array col = npg::array({{1.0}, {2.0}, {3.0}});
  Array row = npg::array({10.0, 20.0});
  EXPECT_TRUE(ArraysClose(
      col + row, npg::array({{11.0, 21.0}, {12.0, 22.0}, {13.0, 23.0}})));
  EXPECT_TRUE(ArraysClose(10.0 - row, npg::array({0.0, -10.0})));
  EXPECT_TRUE(ArraysClose(npg::pow(row, 2), npg::array({100.0, 400.0})));
  EXPECT_TRUE(ArraysClose(npg::ones({2, 1, 3}) * npg::ones({4, 1}),
                          npg::ones({2, 4, 3})));
  EXPECT_TRUE(
      ArraysClose(npg::broadcast_to(row, {3, 2}).T().contiguous(),
                  npg::array({{10.0, 10.0, 10.0}, {20.0, 20.0, 20.0}})));
}

TEST(Reductions, AxesAndKeepdims) {
  Array a = npg::arange(24.0).reshape({2, 3, 4});
  EXPECT_EQ(a.sum().item<double>(), 276.0);
  EXPECT_EQ(a.sum(1).shape(), (Shape{2, 4}));
  EXPECT_EQ(a.sum({0, 2}, true).shape(), (Shape{1, 3, 1}));
  EXPECT_EQ(a.sum({0, 2}).to_vector<double>(),
            (std::vector<double>{60, 92, 124}));
  EXPECT_EQ(a.mean(-1).to_vector<double>(),
            (std::vector<double>{1.5, 5.5, 9.5, 13.5, 17.5, 21.5}));
  EXPECT_EQ(a.max(0).to_vector<double>()[0], 12.0);
  EXPECT_EQ(a.min({1, 2}).to_vector<double>(), (std::vector<double>{0, 12}));
  EXPECT_TRUE(npg::array({1, 0}).any().item<bool>());
  EXPECT_FALSE(npg::array({1, 0}).all().item<bool>());
  EXPECT_EQ(npg::array({{true, false}, {true, true}}).all(1).to_vector<bool>(),
            (std::vector<bool>{false, true}));
  // Transposed (non-contiguous) input.
  EXPECT_EQ(a.transpose().sum(0).shape(), (Shape{3, 2}));
  EXPECT_EQ(a.transpose().sum(0).to_vector<double>()[1],
            a.sum(2).to_vector<double>()[3]);
}

TEST(Matmul, NumpyShapesAndValues) {
  Array A = npg::array({{1.0, 2.0}, {3.0, 4.0}});
  Array v = npg::array({1.0, 1.0});
  EXPECT_TRUE(ArraysClose(npg::matmul(A, v), npg::array({3.0, 7.0})));
  EXPECT_TRUE(ArraysClose(npg::matmul(v, A), npg::array({4.0, 6.0})));
  EXPECT_EQ(npg::matmul(v, v).ndim(), 0);
  EXPECT_TRUE(
      ArraysClose(A.matmul(A.T()), npg::array({{5.0, 11.0}, {11.0, 25.0}})));
  EXPECT_EQ(npg::matmul(npg::ones({2, 1, 3, 4}), npg::ones({5, 4, 2})).shape(),
            (Shape{2, 5, 3, 2}));
  EXPECT_TRUE(
      ArraysClose(npg::matmul(npg::arange(6).reshape({2, 3}), npg::arange(3)),
                  npg::array({5, 14})));
  EXPECT_TRUE(ArraysClose(npg::matmul(npg::ones({3, 0}), npg::ones({0, 2})),
                          npg::zeros({3, 2})));
}

TEST(NonDifferentiable, SortRoundNonzero) {
  Array a = npg::array({{3.0, 1.0, 2.0}, {-1.0, 5.0, 0.0}});
  Array s = npg::sort(a);
  EXPECT_EQ(s.to_vector<double>(), (std::vector<double>{1, 2, 3, -1, 0, 5}));
  EXPECT_EQ(npg::sort(a, 0).to_vector<double>(),
            (std::vector<double>{-1, 1, 0, 3, 5, 2}));
  const auto v = a.version();
  a.sort();
  EXPECT_EQ(a.version(), v + 1);
  EXPECT_EQ(npg::array({0.5, 1.5, 2.5, -0.5}).round().to_vector<double>(),
            (std::vector<double>{0, 2, 2, -0.0}));
  EXPECT_EQ(npg::array({1.234, 5.678}).round(1).to_vector<double>(),
            (std::vector<double>{1.2, 5.7}));
  auto nz = npg::array({{0, 1}, {2, 0}}).nonzero();
  ASSERT_EQ(nz.size(), 2u);
  EXPECT_EQ(nz[0].to_vector<std::int64_t>(), (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(nz[1].to_vector<std::int64_t>(), (std::vector<std::int64_t>{1, 0}));
  Array b = npg::zeros({2, 2});
  b.fill(3);
  EXPECT_EQ(b.to_vector<double>(), (std::vector<double>{3, 3, 3, 3}));
  EXPECT_EQ(npg::array({1.7, -1.7}).astype(npg::int32).to_vector<int>(),
            (std::vector<int>{1, -1}));
}

TEST(Printing, MatchesNumpyRepr) {
  auto str = [](const Array &a) {
    std::ostringstream os;
    os << a;
    return os.str();
  };
  EXPECT_EQ(str(npg::array({{1.0, 2.0}, {3.0, 4.0}})),
            "array([[1., 2.],\n       [3., 4.]])");
  EXPECT_EQ(str(npg::array({0.5, 0.25})), "array([0.5 , 0.25])");
  EXPECT_EQ(str(npg::array({-1.0, 2.0})), "array([-1.,  2.])");
  // Rounded to 8 digits, trailing zeros go (numpy's maxprec mode).
  EXPECT_EQ(str(npg::array({3.35934320001, 5.14579093})),
            "array([3.3593432 , 5.14579093])");
  EXPECT_EQ(str(npg::array({0.100000001})), "array([0.1])");
  EXPECT_EQ(str(npg::array({1.5f, 2.0f})), "array([1.5, 2. ], dtype=float32)");
  EXPECT_EQ(str(npg::arange(3)), "array([0, 1, 2])");
  EXPECT_EQ(str(npg::arange(3, npg::int32)), "array([0, 1, 2], dtype=int32)");
  EXPECT_EQ(str(npg::array({true, false})), "array([ True, False])");
  EXPECT_EQ(str(npg::array(2.0)), "array(2.)");
  EXPECT_EQ(str(npg::array({1e-5, 1e3})), "array([1.e-05, 1.e+03])");
  EXPECT_EQ(str(npg::zeros({0})), "array([], dtype=float64)");
  EXPECT_EQ(str(npg::arange(2000)),
            "array([   0,    1,    2, ..., 1997, 1998, 1999])");
  EXPECT_EQ(str(npg::arange(8).reshape({2, 2, 2})),
            "array([[[0, 1],\n        [2, 3]],\n\n       [[4, 5],\n        [6, "
            "7]]])");
  EXPECT_EQ(str(npg::array({std::nan(""), 1.0})), "array([nan,  1.])");
}

TEST(Printing, ShowsRequiresGradAndGradFnAsPyTorch) {
  auto str = [](const Array &a) {
    std::ostringstream os;
    os << a;
    return os.str();
  };
  const Array x = npg::array({1.0, 2.0}, true);
  EXPECT_EQ(str(x), "array([1., 2.], requires_grad=True)");
  EXPECT_EQ(str(x + x), "array([2., 4.], grad_fn=<Add>)");
  EXPECT_EQ(str((x * x).sum()), "array(5., grad_fn=<Sum>)");
  EXPECT_EQ(str(npg::array({1.5f}, true) * 2.0f),
            "array([3.], dtype=float32, grad_fn=<Mul>)");
  EXPECT_EQ(str(npg::zeros({0}, true)),
            "array([], dtype=float64, requires_grad=True)");
  EXPECT_EQ(str(npg::zeros({2, 2}, true)),
            "array([[0., 0.],\n       [0., 0.]], requires_grad=True)");
  // Without grad: numpy's repr, unchanged.
  EXPECT_EQ(str(x.detach()), "array([1., 2.])");
  npg::NoGradGuard no_grad;
  EXPECT_EQ(str(x + x), "array([2., 4.])");
}

TEST(Random, SeededAndWellDistributed) {
  npg::random::manual_seed(42);
  Array a = npg::random::randn({10000});
  npg::random::manual_seed(42);
  EXPECT_TRUE(npg::array_equal(a, npg::random::randn({10000})));
  EXPECT_NEAR(a.mean().item<double>(), 0.0, 0.05);
  EXPECT_NEAR(((a * a).mean()).item<double>(), 1.0, 0.05);
  Array u = npg::random::rand({10000}, npg::float32);
  EXPECT_EQ(u.dtype(), npg::float32);
  EXPECT_GE(u.min().item<double>(), 0.0);
  EXPECT_LT(u.max().item<double>(), 1.0);
  Array r = npg::random::randint(-3, 4, {1000});
  EXPECT_EQ(r.min().item<std::int64_t>(), -3);
  EXPECT_EQ(r.max().item<std::int64_t>(), 3);
  Array p = npg::random::randperm(50);
  EXPECT_TRUE(npg::array_equal(npg::sort(p), npg::arange(50)));
  EXPECT_NEAR(npg::random::normal(5, 2, {10000}).mean().item<double>(), 5.0,
              0.1);
  Array w = npg::random::uniform(-1, 1, {1000});
  EXPECT_GE(w.min().item<double>(), -1.0);
}

TEST(HostAccess, ItemAndToVector) {
  EXPECT_EQ(npg::array({{7}}).item<int>(), 7);
  EXPECT_EQ(npg::array({1.5, 2.5}).to_vector<int>(), (std::vector<int>{1, 2}));
  EXPECT_EQ(npg::arange(6).reshape({2, 3}).T().to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{0, 3, 1, 4, 2, 5}));
}

TEST(InPlace, WritesIntoSelfOverlappingViewsAreRefused) {
  // A broadcast_to view maps several elements to one memory location:
  // numpy refuses to write it (read-only), PyTorch refuses overlapping
  // memory. Every in-place write path refuses it, and the data stays.
  const Array a = npg::array({1.0, 2.0, 3.0});
  Array v = a.broadcast_to({2, 3});
  const std::string what = "more than one element of the written-to array "
                           "refers to a single memory location (shape "
                           "(2,3), strides (0,1))";
  EXPECT_TRUE(ThrowsWith([&] { v += 1.0; }, what));
  EXPECT_TRUE(ThrowsWith([&] { v -= npg::ones({3}); }, what));
  EXPECT_TRUE(ThrowsWith([&] { v *= 2; }, what));
  EXPECT_TRUE(ThrowsWith([&] { v /= npg::ones({2, 3}); }, what));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        v.assign(npg::arange(6.0).reshape({2, 3}));
      },
      what));
  EXPECT_TRUE(ThrowsWith([&] { v.fill(0); }, what));
  EXPECT_TRUE(ThrowsWith([&] { v.sort(0); }, what));
  EXPECT_TRUE(ThrowsWith([&] { v.index_put_(1, 7.0); }, what));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        v.index_put_(npg::array({0, 1}), npg::zeros({2, 3}), true);
      },
      what));
  Array col = npg::array({{1.0}, {2.0}}).broadcast_to({2, 4});
  EXPECT_TRUE(ThrowsWith([&] { col.fill(0); }, "strides (1,0)"));
  EXPECT_EQ(a.to_vector<double>(), (std::vector<double>{1, 2, 3}));
  // Zero strides on axes of length 1 overlap nothing: those writes work.
  Array one = npg::array({4.0});
  Array w = one.broadcast_to({1, 1});
  w += 1.0;
  EXPECT_EQ(one.item<double>(), 5.0);
  // As do writes through ordinary (non-overlapping) views.
  Array t = npg::arange(6.0).reshape({2, 3});
  t.T().slice(0, 1, std::nullopt) += 10.0;
  EXPECT_EQ(t.to_vector<double>(), (std::vector<double>{0, 11, 12, 3, 14, 15}));
}

TEST(InPlace, OperatorsWriteThroughAndBumpVersion) {
  Array a = npg::ones({2, 2});
  Array view = a[1];
  const auto v = a.version();
  view *= 3.0;
  a += npg::array({1.0, 2.0});
  EXPECT_EQ(a.to_vector<double>(), (std::vector<double>{2, 3, 4, 5}));
  EXPECT_EQ(a.version(), v + 2);
  Array t = npg::arange(4.0).reshape({2, 2});
  t.assign(t.T()); // overlapping source
  EXPECT_EQ(t.to_vector<double>(), (std::vector<double>{0, 2, 1, 3}));
}

TEST(InPlace, SameKindCastingRefusesNumbersIntoBoolArrays) {
  // numpy's same_kind rule: bool += 1 would need an int64 -> bool cast.
  Array b = npg::array({true, false});
  EXPECT_TRUE(ThrowsWith(
      [&] { b += 1; },
      "Cannot cast the result of += from dtype int64 to dtype bool in place"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        b *= npg::array({2, 3});
      },
      "from dtype int64 to dtype bool"));
  EXPECT_TRUE(ThrowsWith([&] { b -= 1; }, "to dtype bool"));
  EXPECT_TRUE(ThrowsWith([&] { b /= 2; }, "from dtype float64 to dtype bool"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        b += npg::array({1, 0}, npg::int32);
      },
      "from dtype int32 to dtype bool"));
  EXPECT_EQ(b.to_vector<bool>(), (std::vector<bool>{true, false}));
  // Within a kind, and up from bool, the cast is fine (numpy allows it).
  b += npg::array({false, true});
  EXPECT_EQ(b.to_vector<bool>(), (std::vector<bool>{true, true}));
  Array i = npg::array({1, 2}, npg::int32);
  i += npg::array({true, false});
  i += npg::array(std::int64_t{10});
  EXPECT_EQ(i.to_vector<int>(), (std::vector<int>{12, 12}));
  Array f = npg::array({1.0f});
  f += 1.5; // float64 into float32: same kind
  EXPECT_EQ(f.item<float>(), 2.5f);
}
