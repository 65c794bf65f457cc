// npg::nn: modules and their state, the layers, losses and init.
#include "Expect.h"

#include <cmath>
#include <sstream>

using npg::Array;
using npg::Shape;
using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;
namespace nn = npg::nn;

namespace {

/// A custom module with a parameter, a buffer and two submodules.
struct Net : nn::Module {
  Net() : Module("Net") {
    scale = register_parameter("scale", npg::ones({2}));
    steps = register_buffer("steps", npg::zeros({}, npg::int64));
    fc = register_module("fc", std::make_shared<nn::Linear>(3, 2));
    head = register_module(
        "head", std::make_shared<nn::Sequential>(
                    std::initializer_list<std::shared_ptr<nn::Module>>{
                        std::make_shared<nn::Tanh>(),
                        std::make_shared<nn::Linear>(2, 1, false)}));
  }
  Array forward(const Array &x) override {
    return head->forward(fc->forward(x) * scale);
  }
  Array scale, steps;
  std::shared_ptr<nn::Linear> fc;
  std::shared_ptr<nn::Sequential> head;
};

std::vector<std::string> names(const npg::NamedArrays &list) {
  std::vector<std::string> out;
  for (const auto &[name, a] : list)
    out.push_back(name);
  return out;
}

} // namespace

TEST(Module, NamedParametersAndStateDictUseDottedNames) {
  Net net;
  EXPECT_EQ(names(net.named_parameters()),
            (std::vector<std::string>{"scale", "fc.weight", "fc.bias",
                                      "head.1.weight"}));
  EXPECT_EQ(names(net.named_parameters(false)),
            (std::vector<std::string>{"scale"}));
  EXPECT_EQ(names(net.named_buffers()), (std::vector<std::string>{"steps"}));
  EXPECT_EQ(names(net.state_dict()),
            (std::vector<std::string>{"scale", "steps", "fc.weight", "fc.bias",
                                      "head.1.weight"}));
  EXPECT_EQ(net.parameters().size(), 4u);
  EXPECT_EQ(net.children().size(), 2u);
  for (const Array &p : net.parameters())
    EXPECT_TRUE(p.requires_grad());
  EXPECT_FALSE(net.steps.requires_grad());
  // state_dict shares storage but carries no graph.
  const nn::StateDict sd = net.state_dict();
  EXPECT_FALSE(sd[0].second.requires_grad());
  EXPECT_EQ(sd[0].second.raw_data(), net.scale.raw_data());
}

// nn::Flatten: PyTorch's shapes, gradients through the reshape, compiled as
// eager, its errors and its print.
TEST(NnFlatten, MergesTheDimensionsBetweenStartAndEnd) {
  const Array x = npg::arange(120).astype(npg::float64).reshape({2, 3, 4, 5});
  EXPECT_EQ(nn::Flatten()(x).shape(), (Shape{2, 60}));
  EXPECT_EQ(nn::Flatten(0, 1)(x).shape(), (Shape{6, 4, 5}));
  EXPECT_EQ(nn::Flatten(-3, -2)(x).shape(), (Shape{2, 12, 5}));
  EXPECT_EQ(nn::Flatten(2, 2)(x).shape(), (Shape{2, 3, 4, 5}));
  EXPECT_EQ(nn::Flatten(0, -1)(npg::zeros({2, 0, 3})).shape(), (Shape{0}));
  EXPECT_TRUE(ArraysClose(nn::Flatten()(x).reshape({2, 3, 4, 5}), x));
  // Row-major order, as PyTorch: element (1, 2, 3, 4) is at 1 * 60 + 59.
  EXPECT_EQ(nn::Flatten()(x).to_vector<double>()[119], 119.0);

  Array w = npg::random::randn({2, 3, 2, 2}, {}).requires_grad_(true);
  const Array weights = npg::arange(24).astype(npg::float64).reshape({2, 12});
  nn::Flatten flatten;
  (flatten(w) * weights).sum().backward();
  EXPECT_TRUE(ArraysClose(*w.grad(), weights.reshape({2, 3, 2, 2})));
  auto compiled = npg::compile(
      [&](const Array &a) { return (flatten(a * a) * weights).sum(); });
  Array v = npg::random::randn({2, 3, 2, 2}, {}).requires_grad_(true);
  (void)compiled(v);
  compiled(v).backward();
  EXPECT_EQ(compiled.stats().cache_hits, 1);
  EXPECT_TRUE(
      ArraysClose(*v.grad(), v.detach() * 2.0 * weights.reshape({2, 3, 2, 2})));

  EXPECT_TRUE(ThrowsWith([&] { nn::Flatten(2, 1)(x); },
                         "Flatten: start_dim cannot come after end_dim "
                         "(start_dim=2, end_dim=1 for input of shape "
                         "(2,3,4,5))"));
  EXPECT_TRUE(ThrowsWith([] { nn::Flatten()(npg::zeros({5})); },
                         "axis 1 is out of bounds for array of dimension 1"));
  std::ostringstream os;
  os << nn::Flatten(0, -2);
  EXPECT_EQ(os.str(), "Flatten(start_dim=0, end_dim=-2)");
}

TEST(Module, LoadStateDictCopiesInPlace) {
  Net a, b;
  const Array before = b.fc->weight;
  b.load_state_dict(a.state_dict());
  EXPECT_EQ(b.fc->weight.impl(), before.impl()); // the same parameter
  EXPECT_TRUE(ArraysClose(b.fc->weight, a.fc->weight));
  EXPECT_TRUE(b.fc->weight.requires_grad());
  const Array x = npg::random::randn({4, 3});
  EXPECT_TRUE(ArraysClose(b(x), a(x)));
  // dtypes are cast.
  nn::Linear f32(3, 2, true, npg::float32);
  f32.load_state_dict(a.fc->state_dict());
  EXPECT_EQ(f32.weight.dtype(), npg::float32);
  EXPECT_TRUE(
      ArraysClose(f32.weight.astype(npg::float64), a.fc->weight, 1e-6, 1e-7));
}

TEST(Module, LoadStateDictErrorsNameKeysAndShapes) {
  Net net;
  nn::StateDict sd = net.state_dict();
  const Array w_before = net.fc->weight.copy();
  sd.erase(sd.begin() + 3); // fc.bias
  sd.emplace_back("fc.b", npg::zeros({2}));
  sd[2].second = npg::zeros({3, 2}); // fc.weight transposed
  EXPECT_TRUE(ThrowsWith([&] { net.load_state_dict(sd); },
                         "load_state_dict into Net: missing keys: fc.bias; "
                         "unexpected keys: fc.b; size mismatch for "
                         "fc.weight: the state_dict has shape (3,2), the "
                         "module (2,3)"));
  // Nothing was copied.
  EXPECT_TRUE(ArraysClose(net.fc->weight, w_before));
  // Not strict: missing and unexpected keys are fine, shapes are not.
  EXPECT_TRUE(ThrowsWith([&] { net.load_state_dict(sd, false); },
                         "size mismatch for fc.weight"));
  sd[2].second = npg::zeros({2, 3});
  net.load_state_dict(sd, false);
  EXPECT_TRUE(ArraysClose(net.fc->weight, npg::zeros({2, 3})));
}

TEST(Module, RegistrationErrors) {
  Net net;
  EXPECT_TRUE(
      ThrowsWith([&] { net.register_parameter("scale", npg::ones({1})); },
                 "register_parameter: Net already has a member named 'scale'"));
  EXPECT_TRUE(ThrowsWith([&] { net.register_buffer("a.b", npg::ones({1})); },
                         "the name 'a.b' in Net must be non-empty and contain "
                         "no '.'"));
  EXPECT_TRUE(ThrowsWith(
      [&] { net.register_parameter("w", npg::ones({2}, true) * 2.0); },
      "must be a leaf array, but it was computed by Mul"));
  EXPECT_TRUE(ThrowsWith([&] { net.register_parameter("i", npg::arange(3)); },
                         "has dtype int64"));
  EXPECT_TRUE(ThrowsWith([&] { nn::Module().forward(npg::ones({1})); },
                         "Module has no forward(const Array &)"));
}

TEST(Module, TrainEvalAndZeroGrad) {
  Net net;
  EXPECT_TRUE(net.is_training());
  net.eval();
  EXPECT_FALSE(net.is_training());
  EXPECT_FALSE(net.head->is_training());
  EXPECT_FALSE((*net.head)[0]->is_training());
  net.train();
  EXPECT_TRUE((*net.head)[1]->is_training());
  net(npg::random::randn({5, 3})).sum().backward();
  for (const Array &p : net.parameters())
    EXPECT_TRUE(p.grad().has_value());
  net.zero_grad();
  for (const Array &p : net.parameters())
    EXPECT_FALSE(p.grad().has_value());
}

TEST(Module, TrainAndEvalReturnTheModuleForChaining) {
  Net net;
  nn::Module &evaluating = net.eval();
  EXPECT_EQ(&evaluating, &net);
  EXPECT_FALSE(net.is_training());
  EXPECT_FALSE(net.head->is_training());
  const Array x = npg::random::randn({4, 3});
  EXPECT_TRUE(ArraysClose(net.train().eval().forward(x), net(x)));
  EXPECT_TRUE(net.train().is_training());
  // Dropout in evaluation mode is the identity, chained or not.
  nn::Dropout drop(0.5);
  const Array ones = npg::ones({8});
  EXPECT_EQ(drop.eval()(ones).impl(), ones.impl());
  EXPECT_FALSE(drop.is_training());
  auto seq = std::make_shared<nn::Sequential>(
      std::initializer_list<std::shared_ptr<nn::Module>>{
          std::make_shared<nn::Dropout>(0.9)});
  EXPECT_EQ(seq->eval().forward(ones).impl(), ones.impl());
}

TEST(Module, PrintsLikePyTorch) {
  nn::Sequential seq{std::make_shared<nn::Linear>(2, 3),
                     std::make_shared<nn::ReLU>(),
                     std::make_shared<nn::Linear>(3, 1, false)};
  std::ostringstream os;
  os << seq;
  EXPECT_EQ(os.str(),
            "Sequential(\n"
            "  (0): Linear(in_features=2, out_features=3, bias=true)\n"
            "  (1): ReLU()\n"
            "  (2): Linear(in_features=3, out_features=1, bias=false)\n"
            ")");
}

TEST(Layers, LinearShapesInitAndForward) {
  npg::random::manual_seed(3);
  nn::Linear fc(400, 30);
  EXPECT_EQ(fc.weight.shape(), (Shape{30, 400}));
  EXPECT_EQ(fc.bias.shape(), (Shape{30}));
  // PyTorch's default init: both within 1/sqrt(in) = 0.05, filling it.
  EXPECT_LE(fc.weight.abs().max().item<double>(), 0.05);
  EXPECT_GT(fc.weight.abs().max().item<double>(), 0.049);
  EXPECT_LE(fc.bias.abs().max().item<double>(), 0.05);
  // uniform(-b, b) has variance b^2 / 3.
  EXPECT_NEAR(fc.weight.var().item<double>(), 0.05 * 0.05 / 3, 2e-5);
  const Array x = npg::random::randn({2, 5, 400});
  EXPECT_TRUE(ArraysClose(fc(x), npg::matmul(x, fc.weight.T()) + fc.bias));
  EXPECT_EQ(fc(x).shape(), (Shape{2, 5, 30}));
  nn::Linear nobias(3, 2, false, npg::float32);
  EXPECT_FALSE(nobias.bias.defined());
  EXPECT_EQ(nobias.parameters().size(), 1u);
  EXPECT_EQ(nobias(npg::ones({3}, npg::float32)).dtype(), npg::float32);
  EXPECT_TRUE(ThrowsWith(
      [&] {
        fc(npg::ones({2, 3}));
      },
      "Linear: the input has shape (2,3), but in_features "
      "is 400"));
  EXPECT_TRUE(ThrowsWith([] { nn::Linear(2, 3, true, npg::int64); },
                         "float32 or float64"));
}

TEST(Layers, LinearGradcheck) {
  nn::Linear fc(3, 2);
  EXPECT_TRUE(npg::gradcheck(
      [&](const std::vector<Array> &v) {
        return npg::matmul(v[0], v[1].T()) + v[2];
      },
      {npg::random::randn({4, 3}, true), fc.weight.detach().copy(),
       fc.bias.detach().copy()}));
  fc.weight.requires_grad_(true);
  fc(npg::random::randn({4, 3})).sum().backward();
  EXPECT_EQ(fc.weight.grad()->shape(), (Shape{2, 3}));
}

TEST(Layers, MLPAndActivations) {
  nn::MLP mlp(2, {8, 4}, 3, "tanh");
  EXPECT_EQ(mlp.size(), 5u);
  EXPECT_EQ(mlp.type_name(), "MLP");
  EXPECT_EQ(names(mlp.named_parameters()),
            (std::vector<std::string>{"0.weight", "0.bias", "2.weight",
                                      "2.bias", "4.weight", "4.bias"}));
  EXPECT_EQ(mlp[1]->type_name(), "Tanh");
  const Array x = npg::random::randn({6, 2});
  const auto l0 = std::dynamic_pointer_cast<nn::Linear>(mlp[0]);
  const auto l2 = std::dynamic_pointer_cast<nn::Linear>(mlp[2]);
  const auto l4 = std::dynamic_pointer_cast<nn::Linear>(mlp[4]);
  ASSERT_TRUE(l0 && l2 && l4);
  EXPECT_TRUE(ArraysClose(mlp(x), (*l4)((*l2)((*l0)(x).tanh()).tanh())));
  nn::MLP custom(2, {}, 1, [] { return std::make_shared<nn::GELU>(); });
  EXPECT_EQ(custom.size(), 1u);
  const Array v = npg::array({-1.0, 0.5});
  EXPECT_TRUE(ArraysClose(nn::ReLU()(v), npg::relu(v)));
  EXPECT_TRUE(ArraysClose(nn::Sigmoid()(v), npg::sigmoid(v)));
  EXPECT_TRUE(ArraysClose(nn::GELU()(v), npg::gelu(v)));
  EXPECT_TRUE(ArraysClose(nn::Softplus()(v), npg::softplus(v)));
  EXPECT_TRUE(ArraysClose(nn::Identity()(v), v));
  EXPECT_TRUE(ThrowsWith([] { nn::MLP(2, {3}, 1, "swish"); },
                         "unknown activation 'swish'"));
}

TEST(Layers, LayerNorm) {
  nn::LayerNorm ln({3});
  const Array x = npg::array({{1.0, 2.0, 3.0}, {-1.0, 0.0, 5.0}});
  const Array y = ln(x);
  EXPECT_TRUE(ArraysClose(y.mean(-1), npg::zeros({2}), 0, 1e-15));
  EXPECT_TRUE(ArraysClose(y.var(-1), npg::ones({2}), 1e-4));
  EXPECT_EQ(names(ln.named_parameters()),
            (std::vector<std::string>{"weight", "bias"}));
  // Gradients for input, weight and bias, with the module's own forward.
  nn::LayerNorm norm({2, 3});
  EXPECT_TRUE(npg::gradcheck(
      [&](const std::vector<Array> &v) {
        norm.weight = v[1];
        norm.bias = v[2];
        return norm(v[0]);
      },
      {npg::random::randn({4, 2, 3}, true), npg::random::randn({2, 3}, true),
       npg::random::randn({2, 3}, true)}));
  nn::LayerNorm affine({3});
  EXPECT_TRUE(
      npg::gradcheck([&](const std::vector<Array> &v) { return affine(v[0]); },
                     {npg::random::randn({2, 3}, true)}));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        ln(npg::ones({3, 2}));
      },
      "LayerNorm: the input has shape (3,2), whose "
      "trailing axes must be the normalized_shape (3,)"));
  nn::LayerNorm plain({3}, 1e-5, false);
  EXPECT_TRUE(plain.parameters().empty());
}

TEST(Layers, Dropout) {
  npg::random::manual_seed(5);
  nn::Dropout drop(0.25);
  Array x = npg::ones({100, 100}, true);
  const Array y = drop(x);
  const Array kept = y > 0.0;
  EXPECT_NEAR(kept.astype(npg::float64).mean().item<double>(), 0.75, 0.02);
  // Survivors are scaled by 1 / (1 - p); the gradient follows the mask.
  EXPECT_TRUE(ArraysClose(y, npg::where(kept, 4.0 / 3, 0.0)));
  y.sum().backward();
  EXPECT_TRUE(ArraysClose(*x.grad(), npg::where(kept, 4.0 / 3, 0.0)));
  drop.eval();
  EXPECT_EQ(drop(x).impl(), x.impl());
  drop.train();
  EXPECT_TRUE(ArraysClose(nn::Dropout(1.0)(x), npg::zeros({100, 100})));
  EXPECT_EQ(nn::Dropout(0.0)(x).impl(), x.impl());
  EXPECT_TRUE(ThrowsWith([] { nn::Dropout(1.5); },
                         "Dropout: p must be in [0, 1], got 1.5"));
}

// --- Losses
// ------------------------------------------------------------------------

TEST(Loss, MseReductionsAndGradient) {
  const Array a = npg::array({{1.0, 2.0}, {3.0, 4.0}});
  const Array b = npg::array({{1.5, 2.0}, {2.0, 6.0}});
  EXPECT_TRUE(ArraysClose(nn::mse(a, b), npg::array(5.25 / 4)));
  EXPECT_TRUE(ArraysClose(nn::mse(a, b, "sum"), npg::array(5.25)));
  EXPECT_TRUE(ArraysClose(nn::mse(a, b, "none"),
                          npg::array({{0.25, 0.0}, {1.0, 4.0}})));
  EXPECT_TRUE(npg::gradcheck(
      [](const std::vector<Array> &v) { return nn::mse(v[0], v[1]); },
      {npg::random::randn({3, 4}, true), npg::random::randn({3, 4}, true)}));
  EXPECT_TRUE(ThrowsWith([&] { nn::mse(a, npg::ones({2})); },
                         "mse: input and target must have the same shape, but "
                         "input has shape (2,2) and target (2,)"));
  EXPECT_TRUE(ThrowsWith([&] { nn::mse(a, b, "avg"); },
                         "mse: reduction must be \"mean\", \"sum\" or "
                         "\"none\", not \"avg\""));
}

TEST(Loss, MseTakesAnElementwiseWeightAsNumpygrad) {
  // numpygrad's mse(predictions, targets, reduction, weight) multiplies
  // both by the weight first: mean((weight * (input - target))^2). Its own
  // test: ((1*2)^2 + (2*1)^2 + (3*0.5)^2) / 3.
  const Array p = npg::array({1.0, 2.0, 3.0});
  const Array t = npg::zeros({3});
  const Array w = npg::array({2.0, 1.0, 0.5});
  EXPECT_TRUE(
      ArraysClose(nn::mse(p, t, "mean", w), npg::array((4 + 4 + 2.25) / 3)));
  EXPECT_TRUE(ArraysClose(nn::mse(p, t, "sum", w), npg::array(10.25)));
  EXPECT_TRUE(
      ArraysClose(nn::mse(p, t, "none", w), npg::array({4.0, 4.0, 2.25})));
  // Without a weight (or with ones) it is the plain mse.
  EXPECT_TRUE(
      ArraysClose(nn::mse(p, t, "mean", npg::ones({3})), nn::mse(p, t)));
  EXPECT_TRUE(ArraysClose(nn::mse(p, t, "mean", std::nullopt), nn::mse(p, t)));
  // A weight broadcasts to the input's shape (here: one per column).
  const Array a = npg::array({{1.0, 2.0}, {3.0, 4.0}});
  const Array col = npg::array({0.0, 2.0});
  EXPECT_TRUE(ArraysClose(nn::mse(a, npg::zeros({2, 2}), "sum", col),
                          npg::array(4.0 * (4.0 + 16.0))));
  // Gradients reach input, target and the weight.
  EXPECT_TRUE(npg::gradcheck(
      [](const std::vector<Array> &v) {
        return nn::mse(v[0], v[1], "mean", v[2]);
      },
      {npg::random::randn({3, 4}, true), npg::random::randn({3, 4}, true),
       npg::random::randn({4}, true)}));
  EXPECT_TRUE(ThrowsWith([&] { nn::mse(a, a, "mean", npg::ones({3})); },
                         "mse: the weight of shape (3,) does not broadcast to "
                         "the input's shape (2,2)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        nn::mse(p, t, "mean", npg::ones({2, 3}));
      },
      "mse: the weight of shape (2,3) does not broadcast to "
      "the input's shape (3,)"));
}

TEST(Loss, CrossEntropyOfTheIssue) {
  // log_softmax of each row, picked at the target, negated, averaged.
  const Array logits = npg::array(
      {{1.0, 2.0, 0.5}, {0.1, 0.9, 3.0}, {2.0, 1.0, 0.5}, {0.5, 0.5, 1.5}});
  const Array target = npg::array({1, 2, 0, 2});
  double expected = 0;
  const std::vector<double> l = logits.to_vector<double>();
  const std::vector<std::int64_t> t = target.to_vector<std::int64_t>();
  for (int n = 0; n < 4; ++n) {
    double s = 0;
    for (int c = 0; c < 3; ++c)
      s += std::exp(l[n * 3 + c]);
    expected += std::log(s) - l[n * 3 + t[n]];
  }
  EXPECT_TRUE(
      ArraysClose(nn::cross_entropy(logits, target), npg::array(expected / 4)));
  EXPECT_TRUE(ArraysClose(nn::cross_entropy(logits, target, "sum"),
                          npg::array(expected)));
  EXPECT_EQ(nn::cross_entropy(logits, target, "none").shape(), (Shape{4}));
  // The gradient is (softmax - one_hot) / N.
  Array x = logits.copy().requires_grad_(true);
  nn::cross_entropy(x, target).backward();
  const Array one_hot = npg::array(
      {{0.0, 1.0, 0.0}, {0.0, 0.0, 1.0}, {1.0, 0.0, 0.0}, {0.0, 0.0, 1.0}});
  EXPECT_TRUE(ArraysClose(*x.grad(), (npg::softmax(logits) - one_hot) / 4.0,
                          1e-12, 1e-15));
}

TEST(Loss, CrossEntropyGradcheckNdAndIgnoreIndex) {
  const Array t2 = npg::array({2, 0, 1});
  const Array tnd = npg::array({{0, 3}, {2, 1}});
  for (const std::string reduction : {"mean", "sum", "none"}) {
    SCOPED_TRACE(reduction);
    EXPECT_TRUE(npg::gradcheck(
        [&](const std::vector<Array> &v) {
          return nn::cross_entropy(v[0], t2, reduction);
        },
        {npg::random::randn({3, 4}, true)}));
    EXPECT_TRUE(npg::gradcheck(
        [&](const std::vector<Array> &v) {
          return nn::cross_entropy(v[0], tnd, reduction);
        },
        {npg::random::randn({2, 4, 2}, true)}));
  }
  // A (C) logits vector with a 0-d target.
  const Array v = npg::array({0.5, 1.5, -1.0});
  EXPECT_TRUE(ArraysClose(nn::cross_entropy(v, npg::array(std::int64_t{1})),
                          -npg::log_softmax(v).select(0, 1)));
  // ignore_index: excluded from the sum and from the mean's count.
  const Array logits = npg::random::randn({4, 3});
  const Array with_ignored = npg::array({1, -100, 2, 0});
  const Array none = nn::cross_entropy(logits, with_ignored, "none");
  EXPECT_EQ(none.to_vector<double>()[1], 0.0);
  EXPECT_TRUE(
      ArraysClose(nn::cross_entropy(logits, with_ignored), none.sum() / 3.0));
  EXPECT_TRUE(ArraysClose(
      nn::cross_entropy(logits, npg::array({1, 2, 2, 0}), "mean", 2),
      (nn::cross_entropy(logits, npg::array({1, 2, 2, 0}), "none") *
       npg::array({1.0, 0.0, 0.0, 1.0}))
              .sum() /
          2.0));
  // int32 targets work too.
  EXPECT_TRUE(ArraysClose(
      nn::cross_entropy(logits, npg::array({1, 0, 2, 0}).astype(npg::int32)),
      nn::cross_entropy(logits, npg::array({1, 0, 2, 0}))));
}

TEST(Loss, CrossEntropyErrors) {
  const Array logits = npg::zeros({4, 3});
  EXPECT_TRUE(ThrowsWith(
      [&] {
        nn::cross_entropy(logits, npg::array({0, 1, 3, 2}));
      },
      "cross_entropy: target 3 (at flat index 2) is out of range for 3 "
      "classes"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        nn::cross_entropy(logits, npg::array({0, -1, 1, 2}));
      },
      "target -1 (at flat index 1) is out of range"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        nn::cross_entropy(logits, npg::array({0, 1, 2}));
      },
      "cross_entropy: logits of shape (4,3) need a target of shape (4,), but "
      "it has shape (3,)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        nn::cross_entropy(logits, npg::array({{0, 1, 2, 0}}));
      },
      "need a target of shape (4,)"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        nn::cross_entropy(logits, npg::array({0.0, 1.0, 2.0, 0.0}));
      },
      "target must hold class indices (an int64 or int32 array), but it has "
      "dtype float64"));
  EXPECT_TRUE(ThrowsWith(
      [&] { nn::cross_entropy(npg::zeros({}), npg::array(std::int64_t{0})); },
      "logits must have a class axis"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        nn::cross_entropy(logits, npg::array({0, 1, 2, 0}), "max");
      },
      "reduction must be"));
}

TEST(Loss, TracesAsDialectOps) {
  nn::MLP model(2, {4}, 3, "tanh");
  const Array x = npg::random::randn({5, 2});
  const Array y = npg::array({0, 2, 1, 1, 0});
  const npg::Trace t = npg::trace(
      [&](const Array &x, const Array &y) {
        return nn::cross_entropy(model(x), y) +
               nn::mse(model(x), npg::zeros({5, 3}));
      },
      x, y);
  EXPECT_TRUE(
      ArraysClose(t.outputs()[0], nn::cross_entropy(model(x), y) +
                                      nn::mse(model(x), npg::zeros({5, 3}))));
  EXPECT_EQ(t.captures().size(), 4u); // the model's parameters
  EXPECT_NE(t.mlir().find("npg.select"), std::string::npos);
  EXPECT_NE(t.mlir().find("npg.compare"), std::string::npos);
}

// --- init
// ---------------------------------------------------------------------------

TEST(Init, FillsInPlaceWithPyTorchsFormulas) {
  npg::random::manual_seed(9);
  nn::Linear fc(300, 200);
  const auto impl = fc.weight.impl();
  nn::init::zeros_(fc.weight);
  EXPECT_EQ(fc.weight.impl(), impl);
  EXPECT_TRUE(fc.weight.requires_grad());
  EXPECT_TRUE(ArraysClose(fc.weight, npg::zeros({200, 300})));
  nn::init::ones_(fc.bias);
  EXPECT_TRUE(ArraysClose(fc.bias, npg::ones({200})));
  nn::init::constant_(fc.bias, 0.5);
  EXPECT_TRUE(ArraysClose(fc.bias, npg::full({200}, 0.5)));
  EXPECT_EQ(nn::init::calculate_fan_in_and_fan_out(fc.weight),
            (std::pair<std::int64_t, std::int64_t>{300, 200}));
  EXPECT_EQ(nn::init::calculate_fan_in_and_fan_out(npg::zeros({8, 4, 3, 3})),
            (std::pair<std::int64_t, std::int64_t>{36, 72}));
  auto stddev = [](const Array &a) { return a.std().item<double>(); };
  nn::init::uniform_(fc.weight, -2, 3);
  EXPECT_GE(fc.weight.min().item<double>(), -2);
  EXPECT_LT(fc.weight.max().item<double>(), 3);
  nn::init::normal_(fc.weight, 1, 2);
  EXPECT_NEAR(fc.weight.mean().item<double>(), 1, 0.02);
  EXPECT_NEAR(stddev(fc.weight), 2, 0.02);
  nn::init::kaiming_uniform_(fc.weight, 0, "fan_in", "relu");
  EXPECT_NEAR(stddev(fc.weight), std::sqrt(2.0 / 300), 0.002);
  EXPECT_LE(fc.weight.abs().max().item<double>(), std::sqrt(6.0 / 300));
  nn::init::kaiming_normal_(fc.weight, 0, "fan_out", "relu");
  EXPECT_NEAR(stddev(fc.weight), std::sqrt(2.0 / 200), 0.002);
  nn::init::xavier_uniform_(fc.weight);
  EXPECT_NEAR(stddev(fc.weight), std::sqrt(2.0 / 500), 0.002);
  EXPECT_LE(fc.weight.abs().max().item<double>(), std::sqrt(6.0 / 500));
  nn::init::xavier_normal_(fc.weight, 2);
  EXPECT_NEAR(stddev(fc.weight), 2 * std::sqrt(2.0 / 500), 0.002);
  EXPECT_DOUBLE_EQ(nn::init::calculate_gain("tanh"), 5.0 / 3);
  EXPECT_DOUBLE_EQ(nn::init::calculate_gain("leaky_relu", std::sqrt(5.0)),
                   std::sqrt(1.0 / 3));
  EXPECT_DOUBLE_EQ(nn::init::calculate_gain("leaky_relu"),
                   std::sqrt(2.0 / (1 + 0.01 * 0.01)));
}

TEST(Init, Errors) {
  EXPECT_TRUE(ThrowsWith(
      [] { nn::init::xavier_uniform_(npg::zeros({3})); },
      "fan in and fan out can not be computed for an array with fewer than 2 "
      "dimensions (shape (3,))"));
  EXPECT_TRUE(ThrowsWith(
      [] {
        nn::init::kaiming_uniform_(npg::zeros({3, 2}), 0, "fan_avg");
      },
      "mode must be \"fan_in\" or \"fan_out\", not \"fan_avg\""));
  EXPECT_TRUE(ThrowsWith([] { nn::init::calculate_gain("swish"); },
                         "unsupported nonlinearity 'swish'"));
  EXPECT_TRUE(ThrowsWith([] { nn::init::uniform_(npg::zeros({2}), 1, 0); },
                         "low must not exceed high (low=1, high=0)"));
  EXPECT_TRUE(ThrowsWith([] { nn::init::normal_(npg::arange(3)); },
                         "must be float32 or float64, not int64"));
}
