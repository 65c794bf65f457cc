// npg-autodiff, numerically. The generated <f>_fwd/<f>_bwd functions are run
// by the reference interpreter (NpgInterpreter.h) and compared with
//  - eager npg's backward() on the same function, traced (every op the eager
//    API records; float64, rtol 1e-12 unless a case says otherwise),
//  - central finite differences, for ops the eager API never records
//    (concat, insert_slice, float casts, broadcasts of size-1 dimensions),
//  - second derivatives: the backward differentiated again, composed with
//    the forward's own gradient, against finite differences of the gradient.
#include "NpgInterpreter.h"

#include "npg/Passes/Autodiff.h"
#include "npg/Trace.h"
#include "npg/npg.h"

#include "npg/IR/NpgDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using npg::Array;
using npg::testing::ElementKind;
using npg::testing::evaluate;
using npg::testing::RefTensor;

namespace {

//===----------------------------------------------------------------------===//
// Conversions and comparisons
//===----------------------------------------------------------------------===//

ElementKind kindOf(npg::DType dtype) {
  switch (dtype) {
  case npg::DType::Float32:
    return ElementKind::F32;
  case npg::DType::Float64:
    return ElementKind::F64;
  case npg::DType::Bool:
    return ElementKind::I1;
  case npg::DType::Int32:
    return ElementKind::I32;
  default:
    return ElementKind::I64;
  }
}

RefTensor toRef(const Array &a) {
  return RefTensor(a.shape(), kindOf(a.dtype()),
                   a.astype(npg::float64).to_vector<double>());
}

Array toArray(const RefTensor &t) {
  return npg::array<double>(t.data, t.shape);
}

std::string str(const RefTensor &t) {
  std::ostringstream os;
  os << t.typeString() << " [";
  for (std::size_t i = 0; i < t.data.size(); ++i)
    os << (i ? ", " : "") << t.data[i];
  os << "]";
  return os.str();
}

::testing::AssertionResult close(const RefTensor &actual,
                                 const RefTensor &expected, double rtol,
                                 double atol) {
  if (actual.shape != expected.shape || actual.kind != expected.kind)
    return ::testing::AssertionFailure()
           << "type " << actual.typeString() << " != expected "
           << expected.typeString();
  for (std::size_t i = 0; i < actual.data.size(); ++i) {
    double a = actual.data[i], e = expected.data[i];
    bool ok = (std::isnan(a) && std::isnan(e)) || a == e ||
              std::abs(a - e) <= atol + rtol * std::abs(e);
    if (!ok)
      return ::testing::AssertionFailure()
             << "element " << i << ": " << a << " != expected " << e
             << "\nactual:   " << str(actual)
             << "\nexpected: " << str(expected);
  }
  return ::testing::AssertionSuccess();
}

RefTensor randomLike(const RefTensor &like, std::mt19937_64 &rng) {
  RefTensor t(like.shape, like.kind);
  if (!t.isFloat())
    return t; // integer results get no gradient: zeros
  std::normal_distribution<double> normal;
  for (double &v : t.data)
    v = normal(rng);
  return RefTensor(t.shape, t.kind, t.data); // rounds f32
}

RefTensor zerosLike(const RefTensor &like) {
  return RefTensor(like.shape, like.kind);
}

std::vector<RefTensor> concat(std::vector<RefTensor> a,
                              const std::vector<RefTensor> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

void markRequiresGrad(mlir::func::FuncOp func, unsigned i) {
  func.setArgAttr(i, npg::kRequiresGradAttrName,
                  mlir::UnitAttr::get(func.getContext()));
}

//===----------------------------------------------------------------------===//
// Running generated functions
//===----------------------------------------------------------------------===//

mlir::func::FuncOp lookup(mlir::ModuleOp module, const std::string &name) {
  auto func = module.lookupSymbol<mlir::func::FuncOp>(name);
  if (!func)
    throw std::runtime_error("no function @" + name);
  return func;
}

/// f's results and its gradients for `seeds` (one per result of f), through
/// <f>_fwd and <f>_bwd.
struct ForwardBackward {
  std::vector<RefTensor> results, residuals, grads;
};

ForwardBackward runGradient(mlir::ModuleOp module, const std::string &name,
                            const std::vector<RefTensor> &args,
                            const std::vector<RefTensor> &seeds) {
  unsigned numResults = lookup(module, name).getNumResults();
  std::vector<RefTensor> fwd =
      evaluate(lookup(module, npg::forwardName(name)), args);
  ForwardBackward out;
  out.results.assign(fwd.begin(), fwd.begin() + numResults);
  out.residuals.assign(fwd.begin() + numResults, fwd.end());
  out.grads = evaluate(lookup(module, npg::backwardName(name)),
                       concat(out.residuals, seeds));
  return out;
}

//===----------------------------------------------------------------------===//
// Against eager npg
//===----------------------------------------------------------------------===//

/// Traces `fn`, differentiates the trace for the inputs in `wrt` (empty:
/// every float input), and compares the interpreted forward and backward
/// with the eager results and backward().
void checkAgainstEager(const std::string &name, const npg::TracedFunction &fn,
                       const std::vector<Array> &inputs,
                       std::vector<bool> wrt = {}, double rtol = 1e-12) {
  SCOPED_TRACE(name);
  if (wrt.empty())
    for (const Array &x : inputs)
      wrt.push_back(npg::is_floating(x.dtype()));

  std::vector<Array> plain;
  for (const Array &x : inputs)
    plain.push_back(x.detach());
  npg::Trace trace = npg::trace_function(fn, plain);
  ASSERT_TRUE(trace.captures().empty()) << "cases pass every array";
  mlir::ModuleOp module = trace.module();
  mlir::func::FuncOp func = lookup(module, "traced");
  for (unsigned i = 0; i < wrt.size(); ++i)
    if (wrt[i])
      markRequiresGrad(func, i);
  ASSERT_TRUE(mlir::succeeded(npg::differentiate(module, "traced")));
  ASSERT_TRUE(mlir::succeeded(mlir::verify(module)));

  std::mt19937_64 rng(42);
  std::vector<RefTensor> args, seeds;
  for (const Array &x : plain)
    args.push_back(toRef(x));
  for (const Array &y : trace.outputs())
    seeds.push_back(randomLike(toRef(y), rng));
  ForwardBackward fb = runGradient(module, "traced", args, seeds);

  // The forward computes what eager computed.
  ASSERT_EQ(fb.results.size(), trace.outputs().size());
  for (std::size_t i = 0; i < fb.results.size(); ++i)
    EXPECT_TRUE(close(fb.results[i], toRef(trace.outputs()[i]), rtol, rtol))
        << "result #" << i;

  // Eager: loss = sum_i sum(y_i * seed_i), backward().
  std::vector<Array> leaves;
  for (std::size_t i = 0; i < plain.size(); ++i)
    leaves.push_back(plain[i].copy().requires_grad_(bool(wrt[i])));
  std::vector<Array> outs = fn(leaves);
  Array loss;
  for (std::size_t i = 0; i < outs.size(); ++i) {
    if (!npg::is_floating(outs[i].dtype()) || !outs[i].requires_grad())
      continue;
    Array term = (outs[i] * toArray(seeds[i]).astype(outs[i].dtype())).sum();
    loss = loss.defined() ? loss + term : term;
  }
  if (loss.defined())
    loss.backward();

  std::size_t g = 0;
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    if (!wrt[i])
      continue;
    ASSERT_LT(g, fb.grads.size());
    std::optional<Array> grad = leaves[i].grad();
    RefTensor expected =
        grad ? toRef(*grad) : zerosLike(toRef(leaves[i].detach()));
    EXPECT_TRUE(close(fb.grads[g], expected, rtol, rtol))
        << "gradient of input #" << i;
    ++g;
  }
  EXPECT_EQ(g, fb.grads.size());
}

Array randn(npg::Shape shape) { return npg::random::randn(std::move(shape)); }
/// Positive values away from 0 (for log, sqrt, pow's base, div).
Array positive(npg::Shape shape) {
  return npg::random::uniform(0.5, 2.0, std::move(shape));
}

using Args = const std::vector<Array> &;
using Outs = std::vector<Array>;

class AutodiffEager : public ::testing::Test {
protected:
  void SetUp() override { npg::random::manual_seed(7); }
};

TEST_F(AutodiffEager, IndexingOps) {
  // Repeated and negative indices (made inside the functions, so that they
  // are constants): the gradients scatter-add.
  checkAgainstEager("take_rows",
                    [](Args a) -> Outs {
                      const Array rows = npg::array({2, 0, -1, 2});
                      return {(a[0][rows] * a[0][rows]).sin()};
                    },
                    {randn({3, 2})});
  checkAgainstEager(
      "take_axis1_2d",
      [](Args a) -> Outs {
        return {npg::take(a[0], npg::array({{1, 1}, {0, 2}}), 1).exp()};
      },
      {randn({2, 3, 2})});
  checkAgainstEager(
      "index_add",
      [](Args a) -> Outs {
        return {npg::index_add(a[0], 0, npg::array({2, 0, -1, 2}), a[1])};
      },
      {randn({3, 2}), randn({4, 2})});
  // Indices as an input of the traced function (an i32 argument).
  checkAgainstEager(
      "embedding_indices_input",
      [](Args a) -> Outs { return {npg::embedding(a[0], a[1]).tanh()}; },
      {randn({4, 3}), npg::array({{3, 0, 3}, {1, 1, 2}}).astype(npg::int32)});
}

TEST_F(AutodiffEager, BinaryOps) {
  checkAgainstEager("add", [](Args a) -> Outs { return {a[0] + a[1]}; },
                    {randn({2, 3}), randn({2, 3})});
  checkAgainstEager("sub", [](Args a) -> Outs { return {a[0] - a[1]}; },
                    {randn({2, 3}), randn({2, 3})});
  checkAgainstEager("mul", [](Args a) -> Outs { return {a[0] * a[1]}; },
                    {randn({2, 3}), randn({2, 3})});
  checkAgainstEager("div", [](Args a) -> Outs { return {a[0] / a[1]}; },
                    {randn({2, 3}), positive({2, 3})});
  checkAgainstEager("pow", [](Args a) -> Outs { return {a[0].pow(a[1])}; },
                    {positive({2, 3}), randn({2, 3})});
  // pow's slopes at 0: base 0 (exponent slope 0) and exponent 0.
  checkAgainstEager("pow_zeros",
                    [](Args a) -> Outs { return {a[0].pow(a[1])}; },
                    {npg::array<double>({0.0, 2.0, 0.0, 1.5}, {4}),
                     npg::array<double>({2.0, 0.0, 3.0, 2.5}, {4})});
  // Ties share the gradient evenly.
  Array x = npg::array<double>({1.0, 2.0, 3.0, -1.0, 5.0, 0.5}, {2, 3});
  Array y = npg::array<double>({1.0, 0.0, 4.0, -1.0, 2.0, 0.5}, {2, 3});
  checkAgainstEager(
      "maximum", [](Args a) -> Outs { return {a[0].maximum(a[1])}; }, {x, y});
  checkAgainstEager(
      "minimum", [](Args a) -> Outs { return {a[0].minimum(a[1])}; }, {x, y});
  checkAgainstEager(
      "where",
      [](Args a) -> Outs { return {npg::where(a[0] > a[1], a[0] * 2, a[1])}; },
      {randn({3, 2}), randn({3, 2})});
}

TEST_F(AutodiffEager, Broadcasting) {
  checkAgainstEager("bias", [](Args a) -> Outs { return {a[0] + a[1]}; },
                    {randn({2, 3}), randn({3})});
  checkAgainstEager("scale", [](Args a) -> Outs { return {a[0] * a[1]}; },
                    {randn({2, 3}), randn({3})});
  checkAgainstEager("unit_dims", [](Args a) -> Outs { return {a[0] * a[1]}; },
                    {randn({4, 2, 3}), randn({2, 1})});
  checkAgainstEager(
      "scalar", [](Args a) -> Outs { return {a[0] * 0.5 + a[1] - 2.0 / a[0]}; },
      {positive({2, 3}), randn({})});
  checkAgainstEager("broadcast_to",
                    [](Args a) -> Outs {
                      return {a[0].broadcast_to({3, 2, 4}).tanh()};
                    },
                    {randn({2, 1})});
}

TEST_F(AutodiffEager, UnaryOps) {
  struct Unary {
    const char *name;
    Array (Array::*op)(npg::Loc) const;
    bool positiveOnly;
  };
  const Unary cases[] = {
      {"neg", &Array::neg, false},         {"exp", &Array::exp, false},
      {"log", &Array::log, true},          {"sqrt", &Array::sqrt, true},
      {"abs", &Array::abs, false},         {"tanh", &Array::tanh, false},
      {"sigmoid", &Array::sigmoid, false}, {"relu", &Array::relu, false},
      {"sign", &Array::sign, false},       {"sin", &Array::sin, false},
      {"cos", &Array::cos, false},         {"tan", &Array::tan, false},
      {"floor", &Array::floor, false},     {"ceil", &Array::ceil, false},
  };
  for (const Unary &u : cases) {
    // Exact zeros too: abs and relu have slope 0 there.
    Array x =
        u.positiveOnly
            ? positive({2, 3})
            : npg::array<double>({-1.5, 0.0, 0.3, 2.0, -0.2, 0.9}, {2, 3});
    auto op = u.op;
    checkAgainstEager(u.name,
                      [op](Args a) -> Outs {
                        return {(a[0].*op)(npg::Loc::current()) * a[0]};
                      },
                      {x});
  }
  checkAgainstEager("round",
                    [](Args a) -> Outs { return {a[0].round() + a[0]}; },
                    {randn({5})});
}

TEST_F(AutodiffEager, Reductions) {
  checkAgainstEager("sum_all", [](Args a) -> Outs { return {a[0].sum()}; },
                    {randn({2, 3})});
  checkAgainstEager("sum_axis", [](Args a) -> Outs { return {a[0].sum({1})}; },
                    {randn({2, 3, 4})});
  checkAgainstEager("sum_keepdims",
                    [](Args a) -> Outs {
                      return {a[0].sum({0, 2}, true) * a[0]};
                    },
                    {randn({2, 3, 4})});
  checkAgainstEager("mean", [](Args a) -> Outs { return {a[0].mean({0})}; },
                    {randn({4, 3})});
  Array ties = npg::array<double>({1.0, 3.0, 3.0, 2.0, -1.0, 2.0}, {2, 3});
  checkAgainstEager("max_ties", [](Args a) -> Outs { return {a[0].max({1})}; },
                    {ties});
  checkAgainstEager("min_all", [](Args a) -> Outs { return {a[0].min()}; },
                    {npg::array<double>({1.0, -1.0, 3.0, -1.0}, {2, 2})});
  checkAgainstEager("max_keepdims",
                    [](Args a) -> Outs { return {a[0] - a[0].max({0}, true)}; },
                    {ties});
}

TEST_F(AutodiffEager, ShapeOps) {
  checkAgainstEager("reshape",
                    [](Args a) -> Outs {
                      return {a[0].reshape({3, 2}).exp()};
                    },
                    {randn({2, 3})});
  checkAgainstEager("transpose",
                    [](Args a) -> Outs {
                      return {a[0].transpose({2, 0, 1}) * a[1]};
                    },
                    {randn({2, 3, 4}), randn({4, 2, 3})});
  checkAgainstEager("T", [](Args a) -> Outs { return {a[0].T().sin()}; },
                    {randn({2, 3})});
  checkAgainstEager(
      "slice_step",
      [](Args a) -> Outs { return {a[0].slice(1, 0, 5, 2).exp()}; },
      {randn({2, 5})});
  checkAgainstEager("slice_negative_step",
                    [](Args a) -> Outs {
                      return {
                          a[0].slice(0, std::nullopt, std::nullopt, -2).exp()};
                    },
                    {randn({5, 2})});
  checkAgainstEager("select",
                    [](Args a) -> Outs { return {a[0][1] * a[0][0]}; },
                    {randn({3, 4})});
  checkAgainstEager(
      "squeeze_unsqueeze",
      [](Args a) -> Outs { return {a[0].unsqueeze(0).squeeze().tanh()}; },
      {randn({3})});
}

TEST_F(AutodiffEager, Matmul) {
  auto mm = [](Args a) -> Outs { return {a[0].matmul(a[1])}; };
  checkAgainstEager("mm", mm, {randn({2, 3}), randn({3, 4})});
  checkAgainstEager("vm", mm, {randn({3}), randn({3, 4})});
  checkAgainstEager("mv", mm, {randn({2, 3}), randn({3})});
  checkAgainstEager("dot", mm, {randn({3}), randn({3})});
  checkAgainstEager("batch_mv", mm, {randn({5, 2, 3}), randn({3})});
  checkAgainstEager("batch_lhs", mm, {randn({4, 2, 3}), randn({3, 5})});
  checkAgainstEager("batch_rhs", mm, {randn({2, 3}), randn({4, 3, 5})});
  checkAgainstEager("batch_broadcast", mm,
                    {randn({3, 1, 2, 5}), randn({2, 1, 4, 5, 2})});
  checkAgainstEager("vector_batch", mm, {randn({3}), randn({2, 3, 4})});
}

TEST_F(AutodiffEager, Models) {
  checkAgainstEager(
      "mlp",
      [](Args a) -> Outs { return {(a[0].matmul(a[1]) + a[2]).tanh().mean()}; },
      {randn({4, 3}), randn({3, 5}), randn({5})}, {false, true, true});
  checkAgainstEager("two_layers",
                    [](Args a) -> Outs {
                      Array h = (a[0].matmul(a[1]) + a[2]).relu();
                      return {h.matmul(a[3]).sigmoid().sum()};
                    },
                    {randn({4, 3}), randn({3, 5}), randn({5}), randn({5, 2})});
  checkAgainstEager("mse",
                    [](Args a) -> Outs {
                      Array e = a[0] - a[1];
                      return {(e * e).mean()};
                    },
                    {randn({8, 1}), randn({8, 1})}, {true, false});
  // Composite eager functions, traced into primitive ops, have their own
  // eager derivatives: agreement to rounding.
  checkAgainstEager(
      "softmax", [](Args a) -> Outs { return {a[0].softmax(1)}; },
      {randn({2, 4})}, {}, 1e-10);
  checkAgainstEager(
      "log_softmax", [](Args a) -> Outs { return {a[0].log_softmax(0)}; },
      {randn({3, 2})}, {}, 1e-10);
  checkAgainstEager(
      "logsumexp", [](Args a) -> Outs { return {a[0].logsumexp({1})}; },
      {randn({2, 4})}, {}, 1e-10);
  checkAgainstEager(
      "var", [](Args a) -> Outs { return {a[0].var({0})}; }, {randn({4, 3})},
      {}, 1e-10);
}

TEST_F(AutodiffEager, SharingSeveralOutputsAndInactiveInputs) {
  // A shared sub-expression and two results.
  checkAgainstEager("shared",
                    [](Args a) -> Outs {
                      Array e = a[0].exp();
                      return {e * e + e, e.sum()};
                    },
                    {randn({3})});
  // An input not marked, and one marked that the results ignore.
  checkAgainstEager("unused", [](Args a) -> Outs { return {a[0] * a[1]}; },
                    {randn({3}), randn({3}), randn({3})}, {true, false, true});
  // float32: to rounding.
  checkAgainstEager(
      "float32", [](Args a) -> Outs { return {(a[0] * a[1]).tanh().sum()}; },
      {randn({3}).astype(npg::float32), randn({3}).astype(npg::float32)}, {},
      1e-6);
}

//===----------------------------------------------------------------------===//
// Against finite differences
//===----------------------------------------------------------------------===//

mlir::MLIRContext &context() {
  static mlir::MLIRContext *ctx = [] {
    mlir::DialectRegistry registry;
    registry.insert<mlir::func::FuncDialect, mlir::npg::NpgDialect>();
    auto *c = new mlir::MLIRContext(registry);
    c->loadAllAvailableDialects();
    return c;
  }();
  return *ctx;
}

mlir::OwningOpRef<mlir::ModuleOp> parse(const std::string &ir) {
  auto module = mlir::parseSourceString<mlir::ModuleOp>(ir, &context());
  if (!module)
    throw std::runtime_error("cannot parse:\n" + ir);
  return module;
}

/// sum_i sum(seed_i * f(args)_i).
double weightedSum(mlir::func::FuncOp func, const std::vector<RefTensor> &args,
                   const std::vector<RefTensor> &seeds) {
  std::vector<RefTensor> results = evaluate(func, args);
  double total = 0;
  for (std::size_t i = 0; i < results.size(); ++i)
    if (results[i].isFloat())
      for (std::size_t k = 0; k < results[i].data.size(); ++k)
        total += results[i].data[k] * seeds[i].data[k];
  return total;
}

/// Random float64 arguments for @f (integers: small non-negative values).
std::vector<RefTensor> randomArgs(mlir::func::FuncOp func,
                                  std::mt19937_64 &rng) {
  std::vector<RefTensor> args;
  std::uniform_real_distribution<double> uniform(0.5, 2.0);
  for (mlir::Type type : func.getArgumentTypes()) {
    auto tensor = mlir::cast<mlir::RankedTensorType>(type);
    RefTensor t({tensor.getShape().begin(), tensor.getShape().end()},
                npg::testing::elementKindOf(type));
    for (double &v : t.data)
      v = t.isFloat() ? uniform(rng) : std::floor(uniform(rng) * 2);
    args.push_back(RefTensor(t.shape, t.kind, t.data));
  }
  return args;
}

/// Checks @f's gradients for random seeds against central differences of
/// the interpreted @f (float64 IR; marked arguments as in the text).
void checkAgainstFiniteDifferences(const std::string &ir) {
  SCOPED_TRACE(ir);
  auto module = parse(ir);
  ASSERT_TRUE(mlir::succeeded(npg::differentiate(*module, "f")));
  mlir::func::FuncOp f = lookup(*module, "f");
  std::mt19937_64 rng(1);
  std::vector<RefTensor> args = randomArgs(f, rng);
  std::vector<RefTensor> seeds;
  for (mlir::Type type : f.getResultTypes()) {
    auto tensor = mlir::cast<mlir::RankedTensorType>(type);
    seeds.push_back(randomLike(
        RefTensor({tensor.getShape().begin(), tensor.getShape().end()},
                  npg::testing::elementKindOf(type)),
        rng));
  }
  ForwardBackward fb = runGradient(*module, "f", args, seeds);
  std::size_t g = 0;
  for (unsigned i = 0; i < f.getNumArguments(); ++i) {
    if (!f.getArgAttr(i, npg::kRequiresGradAttrName))
      continue;
    RefTensor numeric = zerosLike(args[i]);
    if (args[i].isFloat()) {
      for (std::size_t k = 0; k < args[i].data.size(); ++k) {
        const double h = 1e-6;
        std::vector<RefTensor> plus = args, minus = args;
        plus[i].data[k] += h;
        minus[i].data[k] -= h;
        numeric.data[k] =
            (weightedSum(f, plus, seeds) - weightedSum(f, minus, seeds)) /
            (2 * h);
      }
    }
    EXPECT_TRUE(close(fb.grads[g], numeric, 1e-6, 1e-7))
        << "gradient of argument #" << i;
    ++g;
  }
}

TEST(AutodiffFiniteDifferences, OpsTheEagerApiDoesNotRecord) {
  checkAgainstFiniteDifferences(R"(
    func.func @f(%a: tensor<2x3xf64> {npg.requires_grad}, %b: tensor<2x2xf64> {npg.requires_grad}) -> tensor<2x5xf64> {
      %0 = npg.concat %a, %b, axis = 1 : tensor<2x3xf64>, tensor<2x2xf64> -> tensor<2x5xf64>
      %1 = npg.mul %0, %0 : tensor<2x5xf64>
      return %1 : tensor<2x5xf64>
    })");
  checkAgainstFiniteDifferences(R"(
    func.func @f(%s: tensor<2x3xf64> {npg.requires_grad}, %d: tensor<5x3xf64> {npg.requires_grad}) -> tensor<5x3xf64> {
      %0 = npg.insert_slice %s into %d, starts = [4, 2], limits = [0, -1], steps = [-3, -1] : tensor<2x3xf64> into tensor<5x3xf64>
      %1 = npg.exp %0 : tensor<5x3xf64>
      return %1 : tensor<5x3xf64>
    })");
  checkAgainstFiniteDifferences(R"(
    func.func @f(%x: tensor<4x3xf64> {npg.requires_grad}) -> tensor<2x2xf64> {
      %0 = npg.slice %x, starts = [3, 0], limits = [0, 3], steps = [-2, 2] : tensor<4x3xf64> -> tensor<2x2xf64>
      %1 = npg.sin %0 : tensor<2x2xf64>
      return %1 : tensor<2x2xf64>
    })");
  checkAgainstFiniteDifferences(R"(
    func.func @f(%x: tensor<2x1xf64> {npg.requires_grad}, %i: tensor<2x1xi64>) -> (tensor<3x2x4xf64>, tensor<2x1xi64>) {
      %0 = npg.broadcast_to %x, dims = [1, 2] : tensor<2x1xf64> to tensor<3x2x4xf64>
      %1 = npg.cast %i : tensor<2x1xi64> to tensor<2x1xf64>
      %2 = npg.mul %x, %1 : tensor<2x1xf64>
      %3 = npg.broadcast_to %2, dims = [1, 2] : tensor<2x1xf64> to tensor<3x2x4xf64>
      %4 = npg.add %0, %3 : tensor<3x2x4xf64>
      %5 = npg.cast %x : tensor<2x1xf64> to tensor<2x1xi64>
      return %4, %5 : tensor<3x2x4xf64>, tensor<2x1xi64>
    })");
  checkAgainstFiniteDifferences(R"(
    func.func @f(%x: tensor<2x3xf64> {npg.requires_grad}, %y: tensor<2x3xf64> {npg.requires_grad}) -> (tensor<2x3xf64>, tensor<3xf64>) {
      %0 = npg.maximum %x, %y : tensor<2x3xf64>
      %1 = npg.minimum %0, %y : tensor<2x3xf64>
      %2 = npg.reduce_min %1, axes = [0], keepdims = false : tensor<2x3xf64> -> tensor<3xf64>
      %3 = npg.tan %0 : tensor<2x3xf64>
      return %3, %2 : tensor<2x3xf64>, tensor<3xf64>
    })");
}

TEST(AutodiffFiniteDifferences, FloatCastsCastTheGradientBack) {
  // Finite differences through float32 rounding are noise: exact values.
  auto module = parse(R"(
    func.func @f(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf64> {npg.requires_grad}) -> tensor<3xf64> {
      %0 = npg.cast %x : tensor<3xf32> to tensor<3xf64>
      %1 = npg.mul %0, %y : tensor<3xf64>
      return %1 : tensor<3xf64>
    })");
  ASSERT_TRUE(mlir::succeeded(npg::differentiate(*module, "f")));
  RefTensor x({3}, ElementKind::F32, {0.1, -2.0, 3.5});
  RefTensor y({3}, ElementKind::F64, {1.0 / 3, 0.25, -7.0});
  RefTensor g({3}, ElementKind::F64, {1.0, 2.0, 3.0});
  ForwardBackward fb = runGradient(*module, "f", {x, y}, {g});
  ASSERT_EQ(fb.grads.size(), 2u);
  // d/dx: g * y rounded to float32; d/dy: g * x (x already float32).
  EXPECT_TRUE(close(fb.grads[0],
                    RefTensor({3}, ElementKind::F32, {1.0 / 3, 0.5, -21.0}), 0,
                    0));
  EXPECT_TRUE(close(
      fb.grads[1], RefTensor({3}, ElementKind::F64, {double(0.1f), -4.0, 10.5}),
      0, 0));
}

//===----------------------------------------------------------------------===//
// Second derivatives
//===----------------------------------------------------------------------===//

/// Hessian-vector product of L = sum(seeds * f(x)) in direction `v` (one
/// tensor per marked argument), from the IR: @f_bwd differentiated for its
/// float residuals gives their gradients, which @f_fwd's own gradient takes
/// back to the arguments. (For the exact second derivative, residuals are
/// functions of the arguments.)
std::vector<RefTensor> hvpFromIr(mlir::ModuleOp module,
                                 const std::vector<RefTensor> &args,
                                 const std::vector<RefTensor> &seeds,
                                 const std::vector<RefTensor> &v) {
  mlir::func::FuncOp f = lookup(module, "f");
  mlir::func::FuncOp fwd = lookup(module, "f_fwd");
  mlir::func::FuncOp bwd = lookup(module, "f_bwd");
  unsigned numResiduals = fwd.getNumResults() - f.getNumResults();
  std::vector<unsigned> floatResiduals;
  for (unsigned i = 0; i < numResiduals; ++i)
    if (npg::testing::elementKindOf(bwd.getArgumentTypes()[i]) ==
            ElementKind::F64 ||
        npg::testing::elementKindOf(bwd.getArgumentTypes()[i]) ==
            ElementKind::F32) {
      markRequiresGrad(bwd, i);
      floatResiduals.push_back(i);
    }
  for (unsigned i = 0; i < f.getNumArguments(); ++i)
    if (f.getArgAttr(i, npg::kRequiresGradAttrName))
      markRequiresGrad(fwd, i);
  if (floatResiduals.empty())
    throw std::runtime_error("no float residuals: the gradient is constant");
  if (mlir::failed(npg::differentiate(module, "f_bwd")) ||
      mlir::failed(npg::differentiate(module, "f_fwd")))
    throw std::runtime_error("second differentiation failed");

  // d(v . grad)/d(residuals), with residuals and seeds as f_bwd's inputs.
  std::vector<RefTensor> fwdOut = evaluate(fwd, args);
  std::vector<RefTensor> residuals(fwdOut.begin() + f.getNumResults(),
                                   fwdOut.end());
  ForwardBackward second =
      runGradient(module, "f_bwd", concat(residuals, seeds), v);
  // Back through the residuals' own dependence on the arguments.
  std::vector<RefTensor> fwdSeeds;
  for (unsigned i = 0; i < f.getNumResults(); ++i)
    fwdSeeds.push_back(zerosLike(fwdOut[i]));
  for (unsigned i = 0; i < numResiduals; ++i)
    fwdSeeds.push_back(zerosLike(residuals[i]));
  for (auto [k, i] : llvm::enumerate(floatResiduals))
    fwdSeeds[f.getNumResults() + i] = second.grads[k];
  return runGradient(module, "f_fwd", args, fwdSeeds).grads;
}

void checkHessianVectorProduct(const std::string &ir) {
  SCOPED_TRACE(ir);
  auto module = parse(ir);
  ASSERT_TRUE(mlir::succeeded(npg::differentiate(*module, "f")));
  mlir::func::FuncOp f = lookup(*module, "f");
  std::mt19937_64 rng(3);
  std::vector<RefTensor> args = randomArgs(f, rng);
  std::vector<RefTensor> seeds, v;
  for (mlir::Type type : f.getResultTypes()) {
    auto tensor = mlir::cast<mlir::RankedTensorType>(type);
    seeds.push_back(randomLike(
        RefTensor({tensor.getShape().begin(), tensor.getShape().end()},
                  npg::testing::elementKindOf(type)),
        rng));
  }
  std::vector<unsigned> marked;
  for (unsigned i = 0; i < f.getNumArguments(); ++i)
    if (f.getArgAttr(i, npg::kRequiresGradAttrName)) {
      marked.push_back(i);
      v.push_back(randomLike(args[i], rng));
    }
  // Central differences of the gradient along v.
  const double h = 1e-5;
  std::vector<RefTensor> plus = args, minus = args;
  for (auto [k, i] : llvm::enumerate(marked))
    for (std::size_t e = 0; e < args[i].data.size(); ++e) {
      plus[i].data[e] += h * v[k].data[e];
      minus[i].data[e] -= h * v[k].data[e];
    }
  std::vector<RefTensor> gPlus = runGradient(*module, "f", plus, seeds).grads;
  std::vector<RefTensor> gMinus = runGradient(*module, "f", minus, seeds).grads;

  std::vector<RefTensor> hvp = hvpFromIr(*module, args, seeds, v);
  ASSERT_EQ(hvp.size(), marked.size());
  for (std::size_t k = 0; k < marked.size(); ++k) {
    RefTensor numeric = gPlus[k];
    for (std::size_t e = 0; e < numeric.data.size(); ++e)
      numeric.data[e] = (gPlus[k].data[e] - gMinus[k].data[e]) / (2 * h);
    EXPECT_TRUE(close(hvp[k], numeric, 1e-6, 1e-7)) << "argument #" << k;
  }
  EXPECT_TRUE(mlir::succeeded(mlir::verify(*module)));
}

TEST(AutodiffSecondOrder, CubeIsSixX) {
  auto module = parse(R"(
    func.func @f(%x: tensor<3xf64> {npg.requires_grad}) -> tensor<3xf64> {
      %0 = npg.mul %x, %x : tensor<3xf64>
      %1 = npg.mul %0, %x : tensor<3xf64>
      return %1 : tensor<3xf64>
    })");
  ASSERT_TRUE(mlir::succeeded(npg::differentiate(*module, "f")));
  RefTensor x({3}, ElementKind::F64, {0.5, -2.0, 3.0});
  RefTensor ones({3}, ElementKind::F64, {1.0, 1.0, 1.0});
  // d2/dx2 x^3 = 6x, elementwise.
  std::vector<RefTensor> hvp = hvpFromIr(*module, {x}, {ones}, {ones});
  ASSERT_EQ(hvp.size(), 1u);
  EXPECT_TRUE(close(
      hvp[0], RefTensor({3}, ElementKind::F64, {3.0, -12.0, 18.0}), 1e-14, 0));
}

TEST(AutodiffSecondOrder, HessianVectorProducts) {
  checkHessianVectorProduct(R"(
    func.func @f(%x: tensor<4x3xf64>, %w: tensor<3x2xf64> {npg.requires_grad}, %b: tensor<2xf64> {npg.requires_grad}) -> tensor<f64> {
      %0 = npg.matmul %x, %w : tensor<4x3xf64>, tensor<3x2xf64> -> tensor<4x2xf64>
      %1 = npg.broadcast_to %b, dims = [1] : tensor<2xf64> to tensor<4x2xf64>
      %2 = npg.add %0, %1 : tensor<4x2xf64>
      %3 = npg.tanh %2 : tensor<4x2xf64>
      %4 = npg.mul %3, %3 : tensor<4x2xf64>
      %5 = npg.reduce_sum %4, axes = [0, 1], keepdims = false : tensor<4x2xf64> -> tensor<f64>
      return %5 : tensor<f64>
    })");
  checkHessianVectorProduct(R"(
    func.func @f(%x: tensor<2x3xf64> {npg.requires_grad}, %y: tensor<2x3xf64> {npg.requires_grad}) -> (tensor<2x3xf64>, tensor<3xf64>) {
      %0 = npg.div %x, %y : tensor<2x3xf64>
      %1 = npg.log %0 : tensor<2x3xf64>
      %2 = npg.sigmoid %1 : tensor<2x3xf64>
      %3 = npg.pow %x, %y : tensor<2x3xf64>
      %4 = npg.sqrt %3 : tensor<2x3xf64>
      %5 = npg.reduce_sum %4, axes = [0], keepdims = false : tensor<2x3xf64> -> tensor<3xf64>
      %6 = npg.exp %2 : tensor<2x3xf64>
      return %6, %5 : tensor<2x3xf64>, tensor<3xf64>
    })");
  checkHessianVectorProduct(R"(
    func.func @f(%x: tensor<4x3xf64> {npg.requires_grad}) -> tensor<2x3xf64> {
      %0 = npg.slice %x, starts = [3, 0], limits = [0, 3], steps = [-2, 1] : tensor<4x3xf64> -> tensor<2x3xf64>
      %1 = npg.transpose %0, perm = [1, 0] : tensor<2x3xf64> -> tensor<3x2xf64>
      %2 = npg.cos %1 : tensor<3x2xf64>
      %3 = npg.reshape %2 : tensor<3x2xf64> to tensor<2x3xf64>
      %4 = npg.mul %3, %0 : tensor<2x3xf64>
      %5 = npg.sin %4 : tensor<2x3xf64>
      return %5 : tensor<2x3xf64>
    })");
}

} // namespace
