// conv2d: values worked out by hand for a tiny case, a direct-loop reference
// for larger ones (strides, padding, non-contiguous inputs, float32),
// gradients against finite differences, errors and the trace refusal; and
// the modules built on it and on attention (nn::Conv2d,
// nn::MultiHeadAttention).
#include "Expect.h"
#include "GradcheckCase.h"

#include <cmath>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

using npg::Array;
using npg::Shape;
using npg::testing::ArraysClose;
using npg::testing::grad_of;
using npg::testing::N;
using npg::testing::ThrowsWith;
using V = std::vector<Array>;
namespace nn = npg::nn;

using npg::testing::count;

/// conv2d by its definition, seven loops deep, in float64.
Array reference(const Array &x, const Array &w, const Array &b, npg::Size2 s,
                npg::Size2 p) {
  const std::int64_t n = x.shape()[0], c = x.shape()[1], h = x.shape()[2],
                     wd = x.shape()[3], o = w.shape()[0], kh = w.shape()[2],
                     kw = w.shape()[3];
  const std::int64_t oh = (h + 2 * p.h - kh) / s.h + 1,
                     ow = (wd + 2 * p.w - kw) / s.w + 1;
  const std::vector<double> xv = x.to_vector<double>(),
                            wv = w.to_vector<double>();
  const std::vector<double> bv =
      b.defined() ? b.to_vector<double>() : std::vector<double>(o, 0.0);
  std::vector<double> out(n * o * oh * ow);
  for (std::int64_t in = 0; in < n; ++in)
    for (std::int64_t io = 0; io < o; ++io)
      for (std::int64_t y = 0; y < oh; ++y)
        for (std::int64_t xx = 0; xx < ow; ++xx) {
          double acc = bv[io];
          for (std::int64_t ic = 0; ic < c; ++ic)
            for (std::int64_t i = 0; i < kh; ++i)
              for (std::int64_t j = 0; j < kw; ++j) {
                const std::int64_t r = y * s.h - p.h + i,
                                   q = xx * s.w - p.w + j;
                if (r < 0 || r >= h || q < 0 || q >= wd)
                  continue;
                acc += xv[((in * c + ic) * h + r) * wd + q] *
                       wv[((io * c + ic) * kh + i) * kw + j];
              }
          out[((in * o + io) * oh + y) * ow + xx] = acc;
        }
  return npg::array(out, {n, o, oh, ow});
}

const Array image =
    npg::array({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}, {7.0, 8.0, 9.0}})
        .reshape({1, 1, 3, 3});
const Array kernel = npg::array({{1.0, 2.0}, {3.0, 4.0}}).reshape({1, 1, 2, 2});

TEST(Conv2d, TinyCaseByHand) {
  // out[y, x] = sum_ij image[y + i, x + j] * kernel[i, j] + 0.5
  const Array out = npg::conv2d(image, kernel, npg::array({0.5}));
  EXPECT_TRUE(ArraysClose(
      out, npg::array({{37.5, 47.5}, {67.5, 77.5}}).reshape({1, 1, 2, 2})));
}

TEST(Conv2d, StrideAndPaddingByHand) {
  // Padded to 5x5, windows at rows/columns 0 and 2 of the padding: only
  // the last one lies inside the image.
  const Array out = npg::conv2d(image, kernel, std::nullopt, 2, 1);
  EXPECT_TRUE(ArraysClose(
      out, npg::array({{4.0, 18.0}, {36.0, 77.0}}).reshape({1, 1, 2, 2})));
}

TEST(Conv2d, TinyGradientsByHand) {
  Array x = image.copy().requires_grad_(true);
  Array w = kernel.copy().requires_grad_(true);
  Array b = npg::array({0.5}, true);
  npg::conv2d(x, w, b).sum().backward();
  // Each input pixel collects the kernel entries that touched it.
  EXPECT_TRUE(ArraysClose(
      *x.grad(),
      npg::array({{1.0, 3.0, 2.0}, {4.0, 10.0, 6.0}, {3.0, 7.0, 4.0}})
          .reshape({1, 1, 3, 3})));
  // Each kernel entry collects the pixels of its four windows.
  EXPECT_TRUE(ArraysClose(
      *w.grad(),
      npg::array({{12.0, 16.0}, {24.0, 28.0}}).reshape({1, 1, 2, 2})));
  EXPECT_TRUE(ArraysClose(*b.grad(), npg::array({4.0})));
}

TEST(Conv2d, MatchesDirectLoops) {
  npg::random::manual_seed(7);
  struct Case {
    Shape x, w;
    npg::Size2 stride, padding;
  };
  for (const Case &c : std::vector<Case>{
           {{2, 3, 7, 6}, {4, 3, 3, 2}, {2, 1}, {1, 2}},
           {{1, 2, 5, 5}, {3, 2, 5, 5}, 1, 0},
           {{3, 1, 4, 9}, {2, 1, 1, 3}, {1, 3}, 0},
           {{2, 2, 6, 6}, {2, 2, 3, 3}, 3, 2},
       })
    for (bool bias : {true, false}) {
      SCOPED_TRACE(npg::format_shape(c.x) + " " + npg::format_shape(c.w));
      const Array x = npg::random::randn(c.x), w = npg::random::randn(c.w);
      const Array b = bias ? npg::random::randn({c.w[0]}) : Array();
      const Array want = reference(x, w, b, c.stride, c.padding);
      const std::optional<Array> ob =
          bias ? std::optional<Array>(b) : std::nullopt;
      EXPECT_TRUE(
          ArraysClose(npg::conv2d(x, w, ob, c.stride, c.padding), want));
      // float32 computes in float32.
      const Array y32 = npg::conv2d(
          x.astype(npg::float32), w.astype(npg::float32),
          bias ? std::optional<Array>(b.astype(npg::float32)) : std::nullopt,
          c.stride, c.padding);
      EXPECT_EQ(y32.dtype(), npg::float32);
      EXPECT_TRUE(ArraysClose(y32.astype(npg::float64), want, 1e-5, 1e-5));
    }
}

TEST(Conv2d, NonContiguousUnbatchedAndMixedDtypes) {
  npg::random::manual_seed(8);
  const Array xt = npg::random::randn({2, 5, 4, 3}); // (N, W, H, C)
  const Array x = xt.permute({0, 3, 2, 1});          // (N, C, H, W) view
  const Array w = npg::random::randn({2, 3, 2, 2});
  const Array want = reference(x, w, Array(), 1, 1);
  EXPECT_TRUE(ArraysClose(npg::conv2d(x, w, std::nullopt, 1, 1), want));
  // Unbatched (C, H, W) gives (O, oh, ow).
  EXPECT_TRUE(ArraysClose(npg::conv2d(x.select(0, 1), w, std::nullopt, 1, 1),
                          want.select(0, 1)));
  // float32 with float64 promotes, as matmul does.
  const Array mixed =
      npg::conv2d(x.astype(npg::float32), w, std::nullopt, 1, 1);
  EXPECT_EQ(mixed.dtype(), npg::float64);
  EXPECT_TRUE(
      ArraysClose(mixed, reference(x.astype(npg::float32).astype(npg::float64),
                                   w, Array(), 1, 1)));
}

TEST(Conv2d, UnbatchedGradientHasTheInputShape) {
  Array x = npg::random::randn({2, 4, 4}).requires_grad_(true);
  const Array w = npg::random::randn({3, 2, 3, 3});
  const Array g = grad_of(x, npg::conv2d(x, w).sum());
  EXPECT_EQ(g.shape(), (Shape{2, 4, 4}));
}

// --- Gradients against finite differences
// -------------------------------------

std::vector<npg::testing::GradcheckCase> gradcheck_cases() {
  using npg::Size2;
  struct Geometry {
    std::string name;
    Shape x, w;
    Size2 stride, padding;
  };
  std::vector<npg::testing::GradcheckCase> cases;
  for (const Geometry &g : std::vector<Geometry>{
           {"plain", {2, 2, 5, 4}, {3, 2, 3, 2}, 1, 0},
           {"stride2", {1, 3, 6, 7}, {2, 3, 3, 3}, 2, 0},
           {"padding1", {2, 1, 4, 4}, {2, 1, 3, 3}, 1, 1},
           {"stride_2x1_padding_1x2",
            {2, 2, 5, 5},
            {2, 2, 2, 3},
            {2, 1},
            {1, 2}},
           {"kernel_as_large_as_padded", {1, 2, 3, 3}, {2, 2, 5, 4}, 3, {1, 1}},
       }) {
    cases.push_back({"conv2d_" + g.name,
                     [s = g.stride, p = g.padding](const V &v) {
                       return npg::conv2d(v[0], v[1], v[2], s, p);
                     },
                     {N(g.x), N(g.w), N({g.w[0]})}});
    cases.push_back({"conv2d_nobias_" + g.name,
                     [s = g.stride, p = g.padding](const V &v) {
                       return npg::conv2d(v[0], v[1], std::nullopt, s, p);
                     },
                     {N(g.x), N(g.w)}});
  }
  cases.push_back(
      {"conv2d_unbatched",
       [](const V &v) { return npg::conv2d(v[0], v[1], v[2], 2, 1); },
       {N({2, 5, 5}), N({3, 2, 3, 3}), N({3})}});
  return cases;
}

class ConvGradcheck
    : public ::testing::TestWithParam<npg::testing::GradcheckCase> {};

TEST_P(ConvGradcheck, MatchesFiniteDifferences) {
  npg::testing::expect_gradcheck(GetParam(), npg::float64);
}

INSTANTIATE_TEST_SUITE_P(
    Conv, ConvGradcheck, ::testing::ValuesIn(gradcheck_cases()),
    [](const ::testing::TestParamInfo<ConvGradcheck::ParamType> &info) {
      return info.param.name;
    });

TEST(Conv2d, Float32GradientsMatchFloat64) {
  npg::random::manual_seed(9);
  const Array x = npg::random::randn({2, 3, 6, 5}),
              w = npg::random::randn({4, 3, 3, 2}), b = npg::random::randn({4}),
              g = npg::random::randn({2, 4, 3, 4});
  V grads[2];
  for (int f32 = 0; f32 < 2; ++f32) {
    const npg::DType d = f32 ? npg::float32 : npg::float64;
    Array xs = x.astype(d).requires_grad_(true),
          ws = w.astype(d).requires_grad_(true),
          bs = b.astype(d).requires_grad_(true);
    npg::conv2d(xs, ws, bs, {2, 1}, {1, 0}).backward(g.astype(d));
    for (const Array &a : {xs, ws, bs}) {
      EXPECT_EQ(a.grad()->dtype(), d);
      grads[f32].push_back(a.grad()->astype(npg::float64));
    }
  }
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(ArraysClose(grads[1][i], grads[0][i], 1e-5, 1e-5));
}

// --- Errors and tracing
// --------------------------------------------------------

TEST(Conv2d, Errors) {
  const Array x = npg::zeros({2, 3, 5, 5}), w = npg::zeros({4, 3, 3, 3});
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::conv2d(npg::zeros({3, 5}), w);
      },
      "input of shape (3,5)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::conv2d(x, npg::zeros({4, 3, 3}));
      },
      "weight of shape (4,3,3)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::conv2d(npg::zeros({2, 2, 5, 5}), w);
      },
      "weight of shape (4,3,3,3) expects input of shape (2,2,5,5) to "
      "have 3 channels, but it has 2 channels"));
  EXPECT_TRUE(ThrowsWith([&] { npg::conv2d(x, w, npg::zeros({3})); },
                         "bias must have shape (4,)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::conv2d(x, npg::zeros({4, 3, 6, 3}));
      },
      "padded input size per channel: (5 x 5). Kernel "
      "size: (6 x 3)"));
  // A kernel as tall as the padded input fits.
  EXPECT_NO_THROW(npg::conv2d(x, npg::zeros({4, 3, 7, 3}), std::nullopt, 1, 1));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::conv2d(x, npg::zeros({4, 3, 8, 3}), std::nullopt, 1, 1);
      },
      "(7 x 7). Kernel size: (8 x 3)"));
  EXPECT_TRUE(ThrowsWith([&] { npg::conv2d(x, w, std::nullopt, 0); },
                         "non-positive stride is not supported, got stride "
                         "(0, 0)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::conv2d(x, w, std::nullopt, {1, -2});
      },
      "got stride (1, -2)"));
  EXPECT_TRUE(ThrowsWith([&] { npg::conv2d(x, w, std::nullopt, 1, -1); },
                         "negative padding is not supported"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::conv2d(npg::zeros({2, 3, 5, 5}, npg::int64),
                    npg::zeros({4, 3, 3, 3}, npg::int32));
      },
      "needs floating arrays, got input int64, weight int32"));
}

// A trace records conv2d as batched im2col (one concat of windows, one
// matmul for every image). Compiled code (the second call: the first
// traces, eagerly) gives the direct loops' values and eager's gradients.
TEST(Conv2d, CompiledIsBatchedIm2colAndMatchesEager) {
  npg::random::manual_seed(21);
  const auto conv = [](const Array &x, const Array &w, const Array &b) {
    return npg::conv2d(x, w, b, {2, 1}, {1, 2});
  };
  for (const bool unbatched : {false, true}) {
    SCOPED_TRACE(unbatched ? "unbatched" : "batched");
    const Array x0 =
        npg::random::randn(unbatched ? Shape{3, 7, 6} : Shape{2, 3, 7, 6});
    Array w = npg::random::randn({4, 3, 3, 2}).requires_grad_(true);
    Array b = npg::random::randn({4}).requires_grad_(true);
    auto compiled = npg::compile(conv);
    Array x = x0.copy().requires_grad_(true);
    (void)compiled(x, w, b);
    const Array y = compiled(x, w, b);
    EXPECT_EQ(compiled.stats().cache_hits, 1);
    const Array expected = reference(unbatched ? x0.unsqueeze(0) : x0,
                                     w.detach(), b.detach(), {2, 1}, {1, 2});
    EXPECT_TRUE(ArraysClose(y, unbatched ? expected.squeeze(0) : expected,
                            1e-12, 1e-12));
    const Array g = npg::random::randn(y.shape());
    y.backward(g);
    const Array gx = *x.grad(), gw = *w.grad(), gb = *b.grad();
    Array xe = x0.copy().requires_grad_(true);
    w.zero_grad();
    b.zero_grad();
    conv(xe, w, b).backward(g);
    EXPECT_TRUE(ArraysClose(gx, *xe.grad(), 1e-12, 1e-12));
    EXPECT_TRUE(ArraysClose(gw, *w.grad(), 1e-12, 1e-12));
    EXPECT_TRUE(ArraysClose(gb, *b.grad(), 1e-12, 1e-12));
    const std::string ir = npg::trace(conv, x0, w, b).mlir();
    EXPECT_EQ(count(ir, "npg.matmul "), 1) << ir;
    EXPECT_EQ(count(ir, "npg.concat "), 3) << ir; // two pads, the windows
  }
}

// backward() inside the compiled step: its gradient is recorded from the
// composition's rules, not baked from eager kernels (the first attempt,
// which recorded only the forward, left the step's gradient constant).
TEST(Conv2d, CompiledTrainingStepMatchesEager) {
  npg::random::manual_seed(22);
  npg::nn::Conv2d eager_conv(2, 3, 3, 1, 1), conv(2, 3, 3, 1, 1);
  {
    const npg::NoGradGuard no_grad;
    conv.weight.assign(eager_conv.weight.detach());
    conv.bias.assign(eager_conv.bias.detach());
  }
  npg::optim::SGD eager_opt(eager_conv.parameters(), {.lr = 0.1});
  npg::optim::SGD opt(conv.parameters(), {.lr = 0.1});
  auto step = npg::compile([&](const Array &x) {
    opt.zero_grad();
    Array loss = (conv(x) * conv(x)).mean();
    loss.backward();
    opt.step();
    return loss;
  });
  for (int i = 0; i < 4; ++i) {
    const Array x = npg::random::randn({2, 2, 5, 5});
    eager_opt.zero_grad();
    Array eager_loss = (eager_conv(x) * eager_conv(x)).mean();
    eager_loss.backward();
    eager_opt.step();
    EXPECT_TRUE(ArraysClose(step(x), eager_loss.detach(), 1e-12, 1e-12)) << i;
    EXPECT_TRUE(ArraysClose(conv.weight, eager_conv.weight, 1e-12, 1e-12)) << i;
    EXPECT_TRUE(ArraysClose(conv.bias, eager_conv.bias, 1e-12, 1e-12)) << i;
  }
  EXPECT_EQ(step.stats().cache_hits, 3);
}

// --- nn::Conv2d
// ---------------------------------------------------------------

TEST(NnConv2d, ShapesInitAndForward) {
  npg::random::manual_seed(10);
  nn::Conv2d conv(3, 8, {3, 2}, 2, {1, 0});
  EXPECT_EQ(conv.weight.shape(), (Shape{8, 3, 3, 2}));
  EXPECT_EQ(conv.bias.shape(), (Shape{8}));
  // PyTorch's default: both within 1/sqrt(fan_in), fan_in = 3 * 3 * 2.
  const double bound = 1 / std::sqrt(18.0);
  EXPECT_LE(conv.weight.abs().max().item<double>(), bound);
  EXPECT_GT(conv.weight.abs().max().item<double>(), 0.8 * bound);
  EXPECT_LE(conv.bias.abs().max().item<double>(), bound);
  EXPECT_EQ(conv.named_parameters().size(), 2u);
  const Array x = npg::random::randn({2, 3, 7, 6});
  EXPECT_TRUE(ArraysClose(
      conv(x), reference(x, conv.weight, conv.bias, {2, 2}, {1, 0})));
  std::ostringstream os;
  os << conv;
  EXPECT_EQ(os.str(), "Conv2d(3, 8, kernel_size=[3, 2], stride=[2, 2], "
                      "padding=[1, 0])");

  nn::Conv2d plain(1, 2, 3, 1, 0, false, npg::float32);
  EXPECT_FALSE(plain.bias.defined());
  EXPECT_EQ(plain.weight.dtype(), npg::float32);
  EXPECT_EQ(plain.named_parameters().size(), 1u);
  EXPECT_TRUE(ThrowsWith([] { nn::Conv2d(0, 2, 3); },
                         "in_channels and out_channels must be positive"));
  EXPECT_TRUE(
      ThrowsWith([] { nn::Conv2d(1, 2, 3, 0); }, "non-positive stride"));
}

// --- nn::MultiHeadAttention
// ---------------------------------------------------

TEST(NnMultiHeadAttention, ParametersShapesAndWeights) {
  npg::random::manual_seed(11);
  nn::MultiHeadAttention mha(8, 2);
  const npg::NamedArrays p = mha.named_parameters();
  std::vector<std::string> names;
  for (const auto &[name, a] : p)
    names.push_back(name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"in_proj_weight", "in_proj_bias",
                                      "out_proj.weight", "out_proj.bias"}));
  EXPECT_EQ(mha.in_proj_weight.shape(), (Shape{24, 8}));
  EXPECT_EQ(mha.in_proj_bias.abs().max().item<double>(), 0.0);
  EXPECT_EQ(mha.out_proj->bias.abs().max().item<double>(), 0.0);
  std::ostringstream printed;
  printed << mha;
  EXPECT_EQ(printed.str(), "MultiheadAttention(\n  (out_proj): "
                           "Linear(in_features=8, out_features=8, "
                           "bias=true)\n)");

  const Array q = npg::random::randn({3, 2, 8}); // (L, N, E)
  const Array kv = npg::random::randn({5, 2, 8});
  auto [out, w] = mha(q, kv, kv);
  EXPECT_EQ(out.shape(), (Shape{3, 2, 8}));
  EXPECT_EQ(w.shape(), (Shape{2, 3, 5}));
  EXPECT_TRUE(ArraysClose(w.sum(-1), npg::ones({2, 3})));

  // A bool mask: masked keys get no weight at all.
  const Array mask = npg::array({{false, true, false, false, true},
                                 {false, false, false, true, true},
                                 {true, true, true, true, false}});
  auto [masked_out, mw] = mha(q, kv, kv, mask);
  EXPECT_TRUE(
      ArraysClose(npg::where(mask, mw, 0.0),
                  npg::zeros({2, 3, 5}))); // (L, S) broadcast over the batch
  EXPECT_TRUE(ArraysClose(mw.sum(-1), npg::ones({2, 3})));
  // The additive form of the same mask gives the same result.
  const double inf = std::numeric_limits<double>::infinity();
  auto [additive_out, aw] = mha(q, kv, kv, npg::where(mask, -inf, 0.0));
  EXPECT_TRUE(ArraysClose(additive_out, masked_out));

  // batch_first and unbatched agree with the default layout.
  nn::MultiHeadAttention bf(8, 2, true, true);
  bf.load_state_dict(mha.state_dict());
  auto [bout, bw] =
      bf(q.transpose(0, 1), kv.transpose(0, 1), kv.transpose(0, 1));
  EXPECT_TRUE(ArraysClose(bout.transpose(0, 1), out));
  EXPECT_TRUE(ArraysClose(bw, w));
  auto [uout, uw] = mha(q.select(1, 1), kv.select(1, 1), kv.select(1, 1));
  EXPECT_TRUE(ArraysClose(uout, out.select(1, 1)));
  EXPECT_TRUE(ArraysClose(uw, w.select(0, 1)));
  // need_weights = false gives no weights.
  EXPECT_FALSE(mha(q, kv, kv, std::nullopt, false).second.defined());
}

TEST(NnMultiHeadAttention, GradcheckOfQueryKeyValue) {
  npg::random::manual_seed(12);
  nn::MultiHeadAttention mha(6, 3);
  {
    npg::NoGradGuard no_grad; // nonzero biases
    for (Array p : mha.parameters())
      p.assign(npg::random::randn(p.shape()));
  }
  const Array mask = npg::random::randn({4, 3});
  EXPECT_TRUE(npg::gradcheck(
      [&](const V &v) {
        auto [o, w] = mha(v[0], v[1], v[2], mask);
        return o.sum() + (w * w).sum();
      },
      {npg::random::randn({4, 2, 6}).requires_grad_(true),
       npg::random::randn({3, 2, 6}).requires_grad_(true),
       npg::random::randn({3, 2, 6}).requires_grad_(true)}));
}

TEST(NnMultiHeadAttention, CompiledMatchesEager) {
  // Written with traced ops, the module compiles: values and gradients of
  // the inputs and of every parameter agree with eager mode.
  npg::random::manual_seed(13);
  nn::MultiHeadAttention mha(6, 2);
  const Array q = npg::random::randn({3, 2, 6}),
              kv = npg::random::randn({4, 2, 6});
  const Array mask = npg::array({{false, true, false, false},
                                 {false, false, true, false},
                                 {true, false, false, false}});
  const auto loss = npg::compile([&](const Array &a, const Array &b) {
    auto [o, w] = mha(a, b, b, mask);
    return (o * o).sum() + (w * w).sum();
  });
  Array qc = q.copy().requires_grad_(true), kc = kv.copy().requires_grad_(true);
  const Array compiled = loss(qc, kc);
  compiled.backward();
  std::vector<Array> grads;
  for (const Array &p : mha.parameters())
    grads.push_back(*p.grad());
  mha.zero_grad();
  Array qe = q.copy().requires_grad_(true), ke = kv.copy().requires_grad_(true);
  auto [o, w] = mha(qe, ke, ke, mask);
  const Array eager = (o * o).sum() + (w * w).sum();
  eager.backward();
  EXPECT_TRUE(ArraysClose(compiled, eager, 1e-12, 1e-12));
  EXPECT_TRUE(ArraysClose(*qc.grad(), *qe.grad(), 1e-10, 1e-12));
  EXPECT_TRUE(ArraysClose(*kc.grad(), *ke.grad(), 1e-10, 1e-12));
  const std::vector<Array> params = mha.parameters();
  for (std::size_t i = 0; i < params.size(); ++i)
    EXPECT_TRUE(ArraysClose(grads[i], *params[i].grad(), 1e-10, 1e-12))
        << "parameter " << i;
}

TEST(NnMultiHeadAttention, Errors) {
  EXPECT_TRUE(ThrowsWith([] { nn::MultiHeadAttention(6, 4); },
                         "embed_dim must be divisible by num_heads"));
  nn::MultiHeadAttention mha(4, 2);
  const Array q = npg::zeros({3, 2, 4}), kv = npg::zeros({5, 2, 4});
  EXPECT_TRUE(ThrowsWith(
      [&] {
        mha(npg::zeros({3, 2, 5}), kv, kv);
      },
      "query (3,2,5)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        mha(q, kv, npg::zeros({5, 3, 4}));
      },
      "key and value must have the same shape"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        mha(q, kv, kv, npg::zeros({3, 4}));
      },
      "attn_mask must have shape (L, S) = (3, 5)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        mha(q, kv, kv, npg::zeros({3, 5}, npg::int64));
      },
      "attn_mask must be bool"));
}

} // namespace
