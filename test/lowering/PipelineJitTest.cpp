// npg-pipeline, numerically: small npg modules (traced from eager code, or
// written by hand for ops the eager API never records) go through
// npg::buildNpgPipeline, are JIT-compiled at O3 and called through the C
// interface with caller-allocated out-params; every result must match the
// eager result (float64 to 1e-12, float32 to 1e-5, integers and bools
// exactly). This is the proof that the lowering is right.
#include "npg/Passes/Passes.h"
#include "npg/Passes/Pipeline.h"
#include "npg/Trace.h"
#include "npg/compiler/Jit.h"
#include "npg/npg.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

using npg::Array;
using npg::DType;

namespace {

//===----------------------------------------------------------------------===//
// Compiling and calling
//===----------------------------------------------------------------------===//

mlir::MLIRContext &context() {
  static mlir::MLIRContext *ctx = [] {
    mlir::DialectRegistry registry;
    npg::registerPipelineDialects(registry);
    auto *c = new mlir::MLIRContext(registry);
    npg::registerAllPasses();
    return c;
  }();
  return *ctx;
}

[[noreturn]] void fail(const std::string &what) {
  throw std::runtime_error(what);
}

/// A JIT-compiled module (npg::compile's engine) and the tensor signatures
/// its functions had.
struct Jit {
  std::unique_ptr<npg::jit::Engine> engine;
  std::map<std::string, mlir::FunctionType> signatures;
  std::string lowered; // the LLVM dialect module, for failure messages
};

/// Parses `text`, runs `before` (a textual pipeline such as npg-autodiff,
/// optional) and then npg::buildNpgPipeline, and JITs the result.
Jit compile(const std::string &text, const std::string &before = "",
            const std::function<void(mlir::ModuleOp)> &edit = {}) {
  mlir::MLIRContext &ctx = context();
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &d) {
    os << d << "\n";
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, &ctx);
  if (!module)
    fail("parse failed: " + diagnostics + "\n" + text);
  if (edit)
    edit(*module);
  if (!before.empty()) {
    mlir::PassManager pm(&ctx);
    if (mlir::failed(mlir::parsePassPipeline(before, pm, os)) ||
        mlir::failed(pm.run(*module)))
      fail("'" + before + "' failed: " + diagnostics);
  }
  Jit jit;
  for (auto f : module->getOps<mlir::func::FuncOp>())
    jit.signatures[f.getName().str()] = f.getFunctionType();
  std::string npgText;
  llvm::raw_string_ostream npgOs(npgText);
  module->print(npgOs);
  mlir::PassManager pm(&ctx);
  npg::buildNpgPipeline(pm);
  if (mlir::failed(pm.run(*module)))
    fail("npg-pipeline failed: " + diagnostics + "\n" + npgText);
  llvm::raw_string_ostream loweredOs(jit.lowered);
  module->print(loweredOs);

  try {
    jit.engine = npg::jit::Engine::compile(*module);
  } catch (const npg::Error &e) {
    fail(std::string(e.what()) + "\n" + jit.lowered);
  }
  return jit;
}

DType dtypeOf(mlir::Type t) {
  if (t.isF32())
    return npg::float32;
  if (t.isF64())
    return npg::float64;
  if (t.isInteger(1))
    return npg::bool_;
  if (t.isInteger(32))
    return npg::int32;
  if (t.isInteger(64))
    return npg::int64;
  fail("unexpected element type");
}

/// Calls `name` through `_mlir_ciface_<name>`: one contiguous memref
/// descriptor per input, then one per result, allocated here. Checks that
/// the inputs come back unchanged.
std::vector<Array> call(Jit &jit, const std::string &name,
                        const std::vector<Array> &inputs) {
  auto it = jit.signatures.find(name);
  if (it == jit.signatures.end())
    fail("no function @" + name);
  mlir::FunctionType type = it->second;
  if (type.getNumInputs() != inputs.size())
    fail("@" + name + " takes " + std::to_string(type.getNumInputs()) +
         " inputs");
  std::vector<Array> buffers, copies;
  for (const Array &in : inputs) {
    buffers.push_back(npg::copy(in)); // contiguous, and ours to check
    copies.push_back(npg::copy(in));
  }
  std::vector<Array> outputs;
  for (mlir::Type t : type.getResults()) {
    auto tensor = mlir::cast<mlir::RankedTensorType>(t);
    npg::Shape shape(tensor.getShape().begin(), tensor.getShape().end());
    // Garbage bytes first, so that a result (or part of a byte, for bools)
    // the code forgets to write shows.
    Array out = npg::empty(shape, {dtypeOf(tensor.getElementType())});
    if (out.nbytes() != 0)
      std::memset(out.raw_data(), 0xAB, out.nbytes());
    outputs.push_back(out);
    buffers.push_back(out);
  }
  std::vector<npg::jit::Buffer> args;
  for (const Array &b : buffers)
    args.push_back({b.raw_data(), b.shape()});
  try {
    jit.engine->call(name, args);
  } catch (const npg::Error &e) {
    fail("calling @" + name + ": " + e.what());
  }
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (std::memcmp(buffers[i].raw_data(), copies[i].raw_data(),
                    copies[i].nbytes()) != 0)
      ADD_FAILURE() << "@" << name << " wrote into its input " << i;
  return outputs;
}

//===----------------------------------------------------------------------===//
// Comparing
//===----------------------------------------------------------------------===//

template <class T> T at(const Array &a, std::int64_t i) {
  return static_cast<const T *>(a.raw_data())[i];
}

double tolerance(DType d) { return d == npg::float32 ? 1e-5 : 1e-12; }

void expectClose(const Array &actual, const Array &expectedIn,
                 const std::string &what) {
  const Array expected = npg::copy(expectedIn);
  ASSERT_EQ(actual.shape(), expected.shape()) << what;
  ASSERT_EQ(actual.dtype(), expected.dtype()) << what;
  int bad = 0;
  for (std::int64_t i = 0; i < actual.size() && bad < 5; ++i) {
    double a = 0, e = 0;
    bool equal = false;
    switch (actual.dtype()) {
    case npg::float32:
      a = at<float>(actual, i), e = at<float>(expected, i);
      break;
    case npg::float64:
      a = at<double>(actual, i), e = at<double>(expected, i);
      break;
    case npg::int32:
      equal = at<std::int32_t>(actual, i) == at<std::int32_t>(expected, i);
      a = at<std::int32_t>(actual, i), e = at<std::int32_t>(expected, i);
      break;
    case npg::int64:
      equal = at<std::int64_t>(actual, i) == at<std::int64_t>(expected, i);
      a = static_cast<double>(at<std::int64_t>(actual, i));
      e = static_cast<double>(at<std::int64_t>(expected, i));
      break;
    case npg::bool_:
      // The runtime stores bools as bytes 0 and 1: anything else is wrong.
      a = at<unsigned char>(actual, i), e = at<unsigned char>(expected, i);
      equal = a == e;
      break;
    }
    if (npg::is_floating(actual.dtype())) {
      double tol = tolerance(actual.dtype());
      equal = (std::isnan(a) && std::isnan(e)) || a == e ||
              std::abs(a - e) <= tol * (1 + std::abs(e));
    }
    if (!equal) {
      ++bad;
      ADD_FAILURE() << what << ": element " << i << " is " << a
                    << ", eager gives " << e;
    }
  }
}

void expectAllClose(const std::vector<Array> &actual,
                    const std::vector<Array> &expected,
                    const std::string &what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (std::size_t i = 0; i < actual.size(); ++i)
    expectClose(actual[i], expected[i], what + " result " + std::to_string(i));
}

//===----------------------------------------------------------------------===//
// Tracing eager code
//===----------------------------------------------------------------------===//

using Fn = std::function<std::vector<Array>(const std::vector<Array> &)>;

/// Traces `fn` on `inputs`, compiles the trace and checks the compiled
/// results against the eager ones the trace recorded.
void checkTraced(const std::string &what, const Fn &fn,
                 const std::vector<Array> &inputs) {
  SCOPED_TRACE(what);
  npg::Trace t = npg::trace_function(fn, inputs);
  Jit jit = compile(t.mlir());
  std::vector<Array> args = inputs;
  args.insert(args.end(), t.captures().begin(), t.captures().end());
  expectAllClose(call(jit, "traced", args), t.outputs(), what);
}

Array randn(const npg::Shape &shape, DType d) {
  return npg::random::randn(shape, {d});
}
Array positive(const npg::Shape &shape, DType d) {
  return npg::random::uniform(0.5, 2.0, shape, {d});
}

std::string dname(DType d) { return std::string(npg::name(d)); }
std::string str(const npg::Shape &s) {
  std::string r = "(";
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i)
      r += ",";
    r += std::to_string(s[i]);
  }
  return r + ")";
}

const DType kFloats[] = {npg::float32, npg::float64};

//===----------------------------------------------------------------------===//
// Elementwise ops, broadcasting in every position
//===----------------------------------------------------------------------===//

const std::vector<std::pair<npg::Shape, npg::Shape>> kBroadcasts = {
    {{3, 4}, {3, 4}},    {{3, 4}, {4}},
    {{4}, {3, 4}},       {{3, 1}, {1, 4}},
    {{3, 4}, {3, 1}},    {{2, 3, 4}, {3, 1}},
    {{1, 4}, {2, 3, 1}}, {{}, {3, 4}},
    {{3, 4}, {}},        {{}, {}},
    {{5}, {1}}};

struct Binary {
  const char *name;
  std::function<Array(const Array &, const Array &)> fn;
  bool positive = false; // operands in (0.5, 2): for div and pow
  bool ints = true;
};

const std::vector<Binary> &binaries() {
  static const std::vector<Binary> ops = {
      {"add", [](const Array &a, const Array &b) { return a + b; }},
      {"sub", [](const Array &a, const Array &b) { return a - b; }},
      {"mul", [](const Array &a, const Array &b) { return a * b; }},
      {"div", [](const Array &a, const Array &b) { return a / b; }, true,
       false},
      {"pow", [](const Array &a, const Array &b) { return npg::pow(a, b); },
       true, false},
      {"maximum",
       [](const Array &a, const Array &b) { return npg::maximum(a, b); }},
      {"minimum",
       [](const Array &a, const Array &b) { return npg::minimum(a, b); }},
      {"eq", [](const Array &a, const Array &b) { return a == b; }},
      {"ne", [](const Array &a, const Array &b) { return a != b; }},
      {"lt", [](const Array &a, const Array &b) { return a < b; }},
      {"le", [](const Array &a, const Array &b) { return a <= b; }},
      {"gt", [](const Array &a, const Array &b) { return a > b; }},
      {"ge", [](const Array &a, const Array &b) { return a >= b; }},
      {"where",
       [](const Array &a, const Array &b) { return npg::where(a > b, a, b); }},
  };
  return ops;
}

TEST(PipelineJit, BinaryOpsBroadcastEveryWay) {
  npg::random::manual_seed(1);
  for (const Binary &op : binaries())
    for (DType d : kFloats)
      for (const auto &[sa, sb] : kBroadcasts) {
        Array a = op.positive ? positive(sa, d) : randn(sa, d);
        Array b = op.positive ? positive(sb, d) : randn(sb, d);
        checkTraced(std::string(op.name) + " " + dname(d) + " " + str(sa) +
                        " " + str(sb),
                    [&](const std::vector<Array> &v) -> std::vector<Array> {
                      return {op.fn(v[0], v[1])};
                    },
                    {a, b});
      }
}

TEST(PipelineJit, BinaryOpsOnIntegers) {
  npg::random::manual_seed(2);
  for (const Binary &op : binaries()) {
    if (!op.ints)
      continue;
    for (DType d : {npg::int32, npg::int64})
      for (const auto &[sa, sb] : kBroadcasts) {
        Array a = npg::random::randint(-5, 6, sa, {d});
        Array b = npg::random::randint(-5, 6, sb, {d});
        checkTraced(std::string(op.name) + " " + dname(d) + " " + str(sa) +
                        " " + str(sb),
                    [&](const std::vector<Array> &v) -> std::vector<Array> {
                      return {op.fn(v[0], v[1])};
                    },
                    {a, b});
      }
  }
}

TEST(PipelineJit, BoolOps) {
  Array a = npg::array<bool>({true, true, false, false});
  Array b = npg::array<bool>({true, false, true, false});
  for (const Binary &op : binaries()) {
    std::string n = op.name;
    if (n == "sub" || n == "div")
      continue; // refused on two bools by the eager API
    checkTraced(n + " bool",
                [&](const std::vector<Array> &v) -> std::vector<Array> {
                  return {op.fn(v[0], v[1])};
                },
                {a, b});
  }
  checkTraced("all/any",
              [](const std::vector<Array> &v) -> std::vector<Array> {
                return {v[0].all(), v[0].any(),  (v[0] * v[1]).any(),
                        v[0].abs(), v[0].relu(), v[0].sign()};
              },
              {a, b});
}

struct Unary {
  const char *name;
  std::function<Array(const Array &)> fn;
  bool positive = false;
  bool ints = false;
};

TEST(PipelineJit, UnaryOps) {
  const std::vector<Unary> ops = {
      {"neg", [](const Array &x) { return -x; }, false, true},
      {"abs", [](const Array &x) { return npg::abs(x); }, false, true},
      {"sign", [](const Array &x) { return npg::sign(x); }, false, true},
      {"relu", [](const Array &x) { return npg::relu(x); }, false, true},
      {"exp", [](const Array &x) { return npg::exp(x); }},
      {"log", [](const Array &x) { return npg::log(x); }, true},
      {"sqrt", [](const Array &x) { return npg::sqrt(x); }, true},
      {"tanh", [](const Array &x) { return npg::tanh(x); }},
      {"sigmoid", [](const Array &x) { return npg::sigmoid(x); }},
      {"sin", [](const Array &x) { return npg::sin(x); }},
      {"cos", [](const Array &x) { return npg::cos(x); }},
      {"tan", [](const Array &x) { return npg::tan(x); }},
      {"floor", [](const Array &x) { return npg::floor(x); }},
      {"ceil", [](const Array &x) { return npg::ceil(x); }},
      {"round", [](const Array &x) { return npg::round(x); }},
  };
  npg::random::manual_seed(3);
  for (const Unary &op : ops) {
    for (DType d : kFloats)
      for (const npg::Shape &s : {npg::Shape{}, npg::Shape{7}, npg::Shape{3, 5},
                                  npg::Shape{2, 3, 4}, npg::Shape{1000}}) {
        // Wide inputs: exp, tanh and sigmoid far into their tails.
        Array x = op.positive ? npg::random::uniform(1e-3, 50.0, s, {d})
                              : npg::random::uniform(-12.0, 12.0, s, {d});
        checkTraced(std::string(op.name) + " " + dname(d) + " " + str(s),
                    [&](const std::vector<Array> &v) -> std::vector<Array> {
                      return {op.fn(v[0])};
                    },
                    {x});
      }
    if (op.ints)
      for (DType d : {npg::int32, npg::int64})
        checkTraced(std::string(op.name) + " " + dname(d),
                    [&](const std::vector<Array> &v) -> std::vector<Array> {
                      return {op.fn(v[0])};
                    },
                    {npg::random::randint(-5, 6, {3, 4}, {d})});
  }
}

TEST(PipelineJit, SpecialValues) {
  const double inf = INFINITY, nan = NAN;
  for (DType d : kFloats) {
    Array x = npg::array<double>(
        {nan, -inf, -2.5, -0.5, -0.0, 0.0, 0.5, 1.5, 2.5, inf}, {d});
    Array y = npg::array<double>(
        {1.0, nan, -2.5, 0.5, 0.0, -0.0, nan, 2.0, -inf, inf}, {d});
    checkTraced("nan/inf/zeros " + dname(d),
                [](const std::vector<Array> &v) -> std::vector<Array> {
                  const Array &a = v[0], &b = v[1];
                  return {npg::sign(a),
                          npg::relu(a),
                          npg::abs(a),
                          npg::round(a),
                          npg::floor(a),
                          npg::ceil(a),
                          npg::maximum(a, b),
                          npg::minimum(a, b),
                          a == b,
                          a != b,
                          a < b,
                          a >= b,
                          npg::sigmoid(a),
                          npg::tanh(a),
                          npg::exp(a),
                          a.astype(npg::bool_),
                          npg::max(a),
                          npg::min(b)};
                },
                {x, y});
  }
}

TEST(PipelineJit, Casts) {
  const DType all[] = {npg::bool_, npg::int32, npg::int64, npg::float32,
                       npg::float64};
  Array base =
      npg::array<double>({-3.75, -1.0, -0.5, 0.0, 0.25, 1.0, 2.5, 100.9});
  for (DType from : all)
    for (DType to : all) {
      Array x = base.astype(from);
      checkTraced("astype " + dname(from) + " -> " + dname(to),
                  [&](const std::vector<Array> &v) -> std::vector<Array> {
                    return {v[0].astype(to)};
                  },
                  {x});
    }
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

TEST(PipelineJit, ReductionsOverEveryAxisCombination) {
  npg::random::manual_seed(4);
  const npg::Shape shape = {2, 3, 4};
  for (DType d : {npg::float32, npg::float64, npg::int32, npg::int64}) {
    Array x = npg::is_floating(d) ? randn(shape, d)
                                  : npg::random::randint(-9, 10, shape, {d});
    for (int mask = 0; mask < 8; ++mask) {
      std::vector<std::int64_t> axes;
      for (int a = 0; a < 3; ++a)
        if (mask & (1 << a))
          axes.push_back(a);
      for (bool keep : {false, true}) {
        std::string what = dname(d) + " axes mask " + std::to_string(mask) +
                           (keep ? " keepdims" : "");
        checkTraced(what,
                    [&](const std::vector<Array> &v) -> std::vector<Array> {
                      std::vector<Array> r = {npg::sum(v[0], axes, keep),
                                              npg::max(v[0], axes, keep),
                                              npg::min(v[0], axes, keep)};
                      if (npg::is_floating(v[0].dtype()))
                        r.push_back(npg::mean(v[0], axes, keep));
                      return r;
                    },
                    {x});
      }
    }
  }
  // All axes (the default), and bools.
  Array b =
      npg::array<bool>({true, false, true, true, true, true}).reshape({2, 3});
  checkTraced("bool all/any",
              [](const std::vector<Array> &v) -> std::vector<Array> {
                return {v[0].all(0), v[0].any(1), v[0].all(), v[0].any(),
                        npg::sum(v[0], {1})};
              },
              {b});
}

TEST(PipelineJit, ReductionsOfFusedChains) {
  npg::random::manual_seed(5);
  for (DType d : kFloats) {
    Array x = randn({64, 33}, d), w = randn({33}, d), c = randn({64, 1}, d);
    checkTraced("softmax " + dname(d),
                [](const std::vector<Array> &v) -> std::vector<Array> {
                  Array z = v[0] * v[1] + v[2];
                  Array e = npg::exp(z - npg::max(z, {1}, true));
                  return {e / npg::sum(e, {1}, true)};
                },
                {x, w, c});
    checkTraced("eight-op chain then sum " + dname(d),
                [](const std::vector<Array> &v) -> std::vector<Array> {
                  Array y = npg::tanh(v[0] * v[1] + v[2]);
                  y = npg::exp(-y) * 0.5 + npg::sigmoid(y);
                  return {npg::sum(y * y), npg::sum(y, {0}), npg::mean(y, {1})};
                },
                {x, w, c});
  }
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

TEST(PipelineJit, MatmulForms) {
  const std::vector<std::pair<npg::Shape, npg::Shape>> forms = {
      {{3, 4}, {4, 5}},       {{4}, {4, 5}},
      {{3, 4}, {4}},          {{4}, {4}},
      {{2, 3, 4}, {4, 5}},    {{3, 4}, {2, 4, 5}},
      {{2, 3, 4}, {2, 4, 5}}, {{2, 1, 3, 4}, {5, 4, 2}},
      {{2, 3, 4}, {4}},       {{4}, {2, 4, 5}},
      {{1, 1}, {1, 1}},       {{17, 31}, {31, 9}}};
  npg::random::manual_seed(6);
  for (DType d : {npg::float32, npg::float64, npg::int64})
    for (const auto &[sa, sb] : forms) {
      Array a = npg::is_floating(d) ? randn(sa, d)
                                    : npg::random::randint(-4, 5, sa, {d});
      Array b = npg::is_floating(d) ? randn(sb, d)
                                    : npg::random::randint(-4, 5, sb, {d});
      checkTraced("matmul " + dname(d) + " " + str(sa) + " @ " + str(sb),
                  [](const std::vector<Array> &v) -> std::vector<Array> {
                    return {npg::matmul(v[0], v[1])};
                  },
                  {a, b});
    }
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

TEST(PipelineJit, ShapeOps) {
  npg::random::manual_seed(7);
  for (DType d : {npg::float32, npg::float64, npg::int64, npg::bool_}) {
    Array x = randn({2, 3, 4}, npg::float64).astype(d);
    checkTraced("shape ops " + dname(d),
                [](const std::vector<Array> &v) -> std::vector<Array> {
                  const Array &x = v[0];
                  return {
                      x.reshape({6, 4}),
                      x.reshape({4, 6}),
                      x.reshape({24}),
                      x.reshape({3, 8}),
                      x.reshape({1, 2, 1, 12, 1}),
                      x.flatten(),
                      x.unsqueeze(1),
                      x.transpose(),
                      npg::permute(x, {1, 0, 2}),
                      npg::permute(x, {2, 0, 1}),
                      npg::swapaxes(x, 0, 2),
                      npg::broadcast_to(x, {5, 2, 3, 4}),
                      npg::broadcast_to(x.reshape({2, 3, 4, 1}), {2, 3, 4, 3}),
                      npg::slice(x, 2, 1, 3),
                      npg::slice(x, 2, 0, 4, 2),
                      npg::slice(x, 1, std::nullopt, std::nullopt, -1),
                      npg::slice(x, 2, 3, 0, -2),
                      npg::slice(x, 0, 1, 1),
                      npg::select(x, 1, 2),
                      npg::slice(x, 1, 1, 3).reshape({8, 2}),
                      npg::slice(x, 2, 1, 3) + npg::slice(x, 2, 0, 2)};
                },
                {x});
  }
  Array s = npg::array<double>({1, 1, 2, 2}).reshape({2, 1, 2});
  checkTraced("squeeze",
              [](const std::vector<Array> &v) -> std::vector<Array> {
                return {v[0].squeeze(), v[0].squeeze(1),
                        v[0].reshape({4}).reshape({2, 2}).T()};
              },
              {s});
}

//===----------------------------------------------------------------------===//
// Hand-written modules: ops the eager API never records, and the calling
// convention's corners
//===----------------------------------------------------------------------===//

Array f64(std::vector<double> v, npg::Shape s) {
  return npg::array(v, std::move(s));
}

TEST(PipelineJit, ConcatAndInsertSlice) {
  Jit jit = compile(R"mlir(
    func.func @concat(%a: tensor<2x3xf64>, %b: tensor<1x3xf64>, %c: tensor<2x1xf64>)
        -> (tensor<5x3xf64>, tensor<2x4xf64>) {
      %r = npg.concat %a, %b, %a, axis = 0 : tensor<2x3xf64>, tensor<1x3xf64>, tensor<2x3xf64> -> tensor<5x3xf64>
      %s = npg.concat %c, %a, axis = 1 : tensor<2x1xf64>, tensor<2x3xf64> -> tensor<2x4xf64>
      return %r, %s : tensor<5x3xf64>, tensor<2x4xf64>
    }
    func.func @insert(%s: tensor<2x3xf64>, %d: tensor<4x3xf64>)
        -> (tensor<4x3xf64>, tensor<4x3xf64>, tensor<4x3xf64>) {
      %z = npg.constant dense<0.0> : tensor<4x3xf64>
      %0 = npg.insert_slice %s into %z, starts = [1, 2], limits = [4, -1], steps = [2, -1] : tensor<2x3xf64> into tensor<4x3xf64>
      %1 = npg.insert_slice %s into %d, starts = [0, 0], limits = [2, 3], steps = [1, 1] : tensor<2x3xf64> into tensor<4x3xf64>
      %2 = npg.insert_slice %s into %d, starts = [3, 0], limits = [0, 3], steps = [-2, 1] : tensor<2x3xf64> into tensor<4x3xf64>
      return %0, %1, %2 : tensor<4x3xf64>, tensor<4x3xf64>, tensor<4x3xf64>
    }
    func.func @slice(%x: tensor<4x3xf64>) -> (tensor<2x2xf64>, tensor<2x3xf64>, tensor<0x3xf64>) {
      %0 = npg.slice %x, starts = [1, 0], limits = [4, 3], steps = [2, 2] : tensor<4x3xf64> -> tensor<2x2xf64>
      %1 = npg.slice %x, starts = [3, 2], limits = [0, -1], steps = [-2, -1] : tensor<4x3xf64> -> tensor<2x3xf64>
      %2 = npg.slice %x, starts = [2, 0], limits = [2, 3], steps = [-1, 1] : tensor<4x3xf64> -> tensor<0x3xf64>
      return %0, %1, %2 : tensor<2x2xf64>, tensor<2x3xf64>, tensor<0x3xf64>
    })mlir");
  Array a = f64({1, 2, 3, 4, 5, 6}, {2, 3}), b = f64({7, 8, 9}, {1, 3});
  Array c = f64({10, 11}, {2, 1});
  std::vector<Array> r = call(jit, "concat", {a, b, c});
  expectClose(r[0], f64({1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6}, {5, 3}),
              "concat axis 0");
  expectClose(r[1], f64({10, 1, 2, 3, 11, 4, 5, 6}, {2, 4}), "concat axis 1");

  Array d = f64({-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12}, {4, 3});
  r = call(jit, "insert", {a, d});
  // Rows 1 and 3, columns reversed.
  expectClose(r[0], f64({0, 0, 0, 3, 2, 1, 0, 0, 0, 6, 5, 4}, {4, 3}),
              "insert negative step into zeros");
  expectClose(r[1], f64({1, 2, 3, 4, 5, 6, -7, -8, -9, -10, -11, -12}, {4, 3}),
              "insert into argument");
  expectClose(r[2], f64({-1, -2, -3, 4, 5, 6, -7, -8, -9, 1, 2, 3}, {4, 3}),
              "insert negative row step");

  Array x = f64({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {4, 3});
  r = call(jit, "slice", {x});
  expectClose(r[0], f64({4, 6, 10, 12}, {2, 2}), "strided slice");
  expectClose(r[1], f64({12, 11, 10, 6, 5, 4}, {2, 3}),
              "slice with negative steps");
  expectClose(r[2], npg::zeros({0, 3}, {npg::float64}), "empty slice");
}

TEST(PipelineJit, CallingConventionCorners) {
  // Several functions; a result that is an input, one returned twice, a
  // constant, 0-d values, i1 in and out, integer powers and reductions over
  // no axes.
  Jit jit = compile(R"mlir(
    func.func @identity(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
      return %x, %x : tensor<2x2xf32>, tensor<2x2xf32>
    }
    func.func @twice(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
      %y = npg.exp %x : tensor<2x2xf32>
      return %y, %x, %y : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
    }
    func.func @constants() -> (tensor<3xi64>, tensor<f64>) {
      %c = npg.constant dense<[1, 2, 3]> : tensor<3xi64>
      %s = npg.constant dense<2.5> : tensor<f64>
      return %c, %s : tensor<3xi64>, tensor<f64>
    }
    func.func @scalars(%x: tensor<f64>, %y: tensor<f64>) -> (tensor<f64>, tensor<i1>) {
      %p = npg.mul %x, %y : tensor<f64>
      %c = npg.compare lt, %x, %y : tensor<f64>
      return %p, %c : tensor<f64>, tensor<i1>
    }
    func.func @bools(%a: tensor<5xi1>, %b: tensor<5xi1>) -> (tensor<5xi1>, tensor<5xi1>, tensor<5xi64>, tensor<i1>) {
      %x = npg.add %a, %b : tensor<5xi1>
      %n = npg.compare gt, %a, %b : tensor<5xi1>
      %i = npg.cast %x : tensor<5xi1> to tensor<5xi64>
      %r = npg.reduce_max %n, axes = [0], keepdims = false : tensor<5xi1> -> tensor<i1>
      return %x, %n, %i, %r : tensor<5xi1>, tensor<5xi1>, tensor<5xi64>, tensor<i1>
    }
    func.func @ipow(%a: tensor<6xi64>, %b: tensor<6xi64>) -> tensor<6xi64> {
      %p = npg.pow %a, %b : tensor<6xi64>
      return %p : tensor<6xi64>
    }
    func.func @noaxes(%a: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x1x3xf32>) {
      %r = npg.reduce_sum %a, axes = [], keepdims = false : tensor<2x3xf32> -> tensor<2x3xf32>
      %e = npg.reshape %a : tensor<2x3xf32> to tensor<2x1x3xf32>
      %m = npg.reduce_max %e, axes = [1], keepdims = true : tensor<2x1x3xf32> -> tensor<2x1x3xf32>
      return %r, %m : tensor<2x3xf32>, tensor<2x1x3xf32>
    })mlir");
  Array x = npg::array<float>({1.5f, -2, 3, 4}).reshape({2, 2});
  std::vector<Array> r = call(jit, "identity", {x});
  expectClose(r[0], x, "identity");
  expectClose(r[1], x, "identity twice");

  r = call(jit, "twice", {x});
  expectClose(r[0], npg::exp(x), "computed result");
  expectClose(r[1], x, "input result");
  expectClose(r[2], npg::exp(x), "computed result again");

  r = call(jit, "constants", {});
  expectClose(r[0], npg::array<std::int64_t>({1, 2, 3}), "constant");
  expectClose(r[1], npg::array(2.5), "0-d constant");

  r = call(jit, "scalars", {npg::array(3.0), npg::array(4.0)});
  expectClose(r[0], npg::array(12.0), "0-d product");
  expectClose(r[1], npg::array(true), "0-d compare");

  Array a = npg::array<bool>({true, true, false, false, true});
  Array b = npg::array<bool>({true, false, true, false, false});
  r = call(jit, "bools", {a, b});
  expectClose(r[0], npg::array<bool>({true, true, true, false, true}), "or");
  expectClose(r[1], npg::array<bool>({false, true, false, false, true}),
              "bool gt");
  expectClose(r[2], npg::array<std::int64_t>({1, 1, 1, 0, 1}), "bool cast");
  expectClose(r[3], npg::array(true), "bool any");

  r = call(jit, "ipow",
           {npg::array<std::int64_t>({2, -3, 5, 0, 7, 1}),
            npg::array<std::int64_t>({10, 3, 0, 4, 2, 40})});
  expectClose(r[0], npg::array<std::int64_t>({1024, -27, 1, 0, 49, 1}),
              "integer pow");

  Array m = npg::array<float>({1, 2, 3, 4, 5, 6}).reshape({2, 3});
  r = call(jit, "noaxes", {m});
  expectClose(r[0], m, "reduce over no axes");
  expectClose(r[1], m.reshape({2, 1, 3}), "reduce over a unit axis");
}

TEST(PipelineJit, LargeArraysAndManyFunctions) {
  // Sizes that are not multiples of any vector width, in one module with
  // many functions.
  npg::random::manual_seed(8);
  for (std::int64_t n : {1, 3, 17, 1023}) {
    Array x = randn({n, 5}, npg::float32), y = randn({5}, npg::float32);
    checkTraced("n = " + std::to_string(n),
                [](const std::vector<Array> &v) -> std::vector<Array> {
                  Array z = npg::tanh(v[0] * v[1]);
                  return {z, npg::sum(z, {0}), npg::sum(z, {1}),
                          npg::max(z, {0}), npg::exp(v[0]) - 1.0};
                },
                {x, y});
  }
}

//===----------------------------------------------------------------------===//
// Gradients: npg-autodiff, then the pipeline, against eager backward
//===----------------------------------------------------------------------===//

/// Traces `fn` (one scalar result), differentiates it in IR with
/// npg-autodiff, compiles @traced_fwd and @traced_bwd and checks both the
/// value and every input's gradient against eager autograd.
void checkGradient(const std::string &what, const Fn &fn,
                   std::vector<Array> inputs) {
  SCOPED_TRACE(what);
  npg::Trace t = npg::trace_function(fn, inputs);
  ASSERT_TRUE(t.captures().empty());
  Jit jit = compile(t.mlir(), "npg-autodiff", [&](mlir::ModuleOp m) {
    for (auto f : m.getOps<mlir::func::FuncOp>())
      for (unsigned i = 0; i < f.getNumArguments(); ++i)
        f.setArgAttr(i, "npg.requires_grad", mlir::UnitAttr::get(&context()));
  });
  std::vector<Array> fwd = call(jit, "traced_fwd", inputs);
  ASSERT_GE(fwd.size(), 1u);
  expectClose(fwd[0], t.outputs()[0], what + " value");

  // Eager gradients.
  std::vector<Array> leaves;
  for (const Array &x : inputs)
    leaves.push_back(npg::copy(x).requires_grad_());
  fn(leaves)[0].backward();

  std::vector<Array> bwdArgs(fwd.begin() + 1, fwd.end());
  bwdArgs.push_back(npg::ones_like(t.outputs()[0]));
  std::vector<Array> grads = call(jit, "traced_bwd", bwdArgs);
  ASSERT_EQ(grads.size(), inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i)
    expectClose(grads[i], *leaves[i].grad(),
                what + " gradient " + std::to_string(i));
}

TEST(PipelineJit, GradientsThroughAutodiff) {
  npg::random::manual_seed(9);
  using V = const std::vector<Array> &;
  for (DType d : kFloats) {
    const std::string n = std::string(" ").append(npg::name(d));
    checkGradient(
        "x + b" + n,
        [](V v) -> std::vector<Array> { return {(v[0] + v[1]).sum()}; },
        {randn({4, 3}, d), randn({3}, d)});
    checkGradient(
        "x * w" + n,
        [](V v) -> std::vector<Array> { return {(v[0] * v[1]).sum()}; },
        {randn({4, 3}, d), randn({3}, d)});
    checkGradient(
        "col * row" + n,
        [](V v) -> std::vector<Array> { return {(v[0] * v[1]).mean()}; },
        {randn({4, 1}, d), randn({1, 3}, d)});
    checkGradient("mlp" + n,
                  [](V v) -> std::vector<Array> {
                    Array h = npg::tanh(npg::matmul(v[0], v[1]) + v[2]);
                    return {(h * h).mean()};
                  },
                  {randn({5, 3}, d), randn({3, 4}, d), randn({4}, d)});
    checkGradient("mse" + n,
                  [](V v) -> std::vector<Array> {
                    Array e = v[0] - v[1];
                    return {(e * e).mean()};
                  },
                  {randn({8, 1}, d), randn({8, 1}, d)});
    checkGradient("softmax xent" + n,
                  [](V v) -> std::vector<Array> {
                    Array z = v[0] - npg::max(v[0], {1}, true);
                    Array lse = npg::log(npg::sum(npg::exp(z), {1}, true));
                    return {-((z - lse) * v[1]).sum()};
                  },
                  {randn({4, 5}, d), positive({4, 5}, d)});
    checkGradient("scalar broadcast" + n,
                  [](V v) -> std::vector<Array> {
                    return {(npg::sigmoid(v[0] * v[1]) + v[1]).sum()};
                  },
                  {randn({2, 3, 4}, d), randn({}, d)});
    checkGradient(
        "slices" + n,
        [](V v) -> std::vector<Array> {
          Array a = npg::slice(v[0], 1, 0, 4, 2);
          Array b = npg::slice(v[0], 1, std::nullopt, std::nullopt, -1);
          return {(a * a).sum() + (b * npg::slice(v[0], 1, 0, 4)).sum()};
        },
        {randn({3, 4}, d)});
  }
}

} // namespace
