// Fusion must not copy work per path through a DAG: a recurrence whose
// values are read several times per step (c = c*f(h) + g(h); h = k(c)) once
// fused into IR exponential in the number of steps (5 steps took a minute,
// 8 never finished). The IR after fusion must grow linearly with the steps:
// these tests trace the recurrences of issue 17 at T and 2T steps, run the
// pipeline up to fusion, and count the ops (deterministic, unlike timing).
// Exponential fusion never gets to the count: CTest's timeout for these
// tests (test/lowering/CMakeLists.txt) fails it. The compiled recurrences
// must still equal the eager ones.
#include "npg/Passes/Autodiff.h"
#include "npg/Passes/Passes.h"
#include "npg/Trace.h"
#include "npg/npg.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace {

using npg::Array;

/// A recurrence of T steps with nothing materialised between them; only
/// `w` needs a gradient.
Array recurrence(const Array &x, const Array &w, int steps) {
  Array h = x, c = x;
  for (int t = 0; t < steps; ++t) {
    c = c * npg::sigmoid(h * w) + npg::sigmoid(h + w) * npg::tanh(h - w);
    h = npg::sigmoid(w * 2) * npg::tanh(c);
  }
  return h.sum();
}

/// One LSTM layer over the rows of `xs` (ADBench's cell, elementwise gates),
/// the hidden states stacked and log-softmaxed.
Array lstm(const Array &xs, const Array &w, int steps) {
  Array h = npg::zeros({1, 6}), c = npg::zeros({1, 6});
  std::vector<Array> hs;
  for (int t = 0; t < steps; ++t) {
    const Array x = xs[t];
    const Array fg = npg::sigmoid(x * w[0] + w[1]);
    const Array ig = npg::sigmoid(h * w[2] + w[3]);
    const Array og = npg::sigmoid(x * w[4] + w[5]);
    const Array u = npg::tanh(h * w[6] + w[7]);
    c = c * fg + ig * u;
    h = og * npg::tanh(c);
    hs.push_back(h);
  }
  return npg::log_softmax(npg::stack(hs), -1).sum();
}

using Model = std::function<Array(const Array &x, const Array &w, int steps)>;

/// The number of ops (bodies included) after npg-fuse-siblings, for the
/// value and gradient of `model` over `steps` steps.
std::int64_t opsAfterFusion(const Model &model, const Array &x, const Array &w,
                            int steps) {
  static mlir::MLIRContext *ctx = [] {
    mlir::DialectRegistry registry;
    npg::registerPipelineDialects(registry);
    npg::registerAllPasses();
    mlir::registerCanonicalizerPass();
    mlir::registerCSEPass();
    return new mlir::MLIRContext(registry);
  }();
  const npg::Trace trace = npg::trace_function(
      [&](const std::vector<Array> &in) -> std::vector<Array> {
        return {model(in[0], in[1], steps)};
      },
      {x, w});
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(trace.mlir(), ctx);
  EXPECT_TRUE(module);
  if (!module)
    return -1;
  auto func = *module->getOps<mlir::func::FuncOp>().begin();
  func.setArgAttr(1, npg::kRequiresGradAttrName, mlir::UnitAttr::get(ctx));
  mlir::PassManager pm(ctx);
  std::string errors;
  llvm::raw_string_ostream os(errors);
  EXPECT_TRUE(mlir::succeeded(mlir::parsePassPipeline(
      "npg-autodiff{value-and-grad=true},npg-decompose,canonicalize,cse,"
      "npg-fold-broadcast-reduce,canonicalize,convert-npg-to-linalg,"
      "npg-fuse-elementwise,npg-fuse-siblings",
      pm, os)))
      << errors;
  EXPECT_TRUE(mlir::succeeded(pm.run(*module)));
  // The pipeline ran: the value-and-gradient function is in linalg.
  auto valueAndGrad =
      module->lookupSymbol<mlir::func::FuncOp>(npg::valueAndGradName("traced"));
  EXPECT_TRUE(valueAndGrad);
  if (!valueAndGrad)
    return -1;
  std::int64_t ops = 0, npgOps = 0;
  valueAndGrad->walk([&](mlir::Operation *op) {
    ++ops;
    npgOps += op->getName().getDialectNamespace() == "npg";
  });
  EXPECT_EQ(npgOps, 0);
  return ops;
}

void expectLinear(const Model &model, const Array &x, const Array &w,
                  const Array &x2) {
  const int steps = 6;
  const std::int64_t once = opsAfterFusion(model, x, w, steps);
  const std::int64_t twice = opsAfterFusion(model, x2, w, 2 * steps);
  SCOPED_TRACE(::testing::Message()
               << steps << " steps: " << once << " ops, " << 2 * steps
               << " steps: " << twice << " ops");
  EXPECT_GT(once, 0);
  EXPECT_LE(twice, once * 5 / 2);
}

TEST(FusionScaling, RecurrenceIsLinearInSteps) {
  const Array x = npg::full({4, 4}, 0.5);
  const Array w = npg::full({4, 4}, 0.1);
  expectLinear(recurrence, x, w, x);
}

TEST(FusionScaling, LstmIsLinearInSteps) {
  npg::random::manual_seed(3);
  const Array w = npg::random::randn({8, 6}) * 0.3;
  expectLinear(lstm, npg::random::randn({6, 1, 6}), w,
               npg::random::randn({12, 1, 6}));
}

/// Compiled against eager: value and gradient, float64, at 12 steps.
void expectCompiledEqualsEager(const Model &model, const Array &x,
                               const Array &w0, int steps) {
  Array w = npg::copy(w0).requires_grad_();
  const Array eager = model(x, w, steps);
  eager.backward();
  const Array eagerGrad = *w.grad();
  w.zero_grad();
  auto compiled = npg::compile(
      [&](const Array &in) { return model(in, w, steps); }, "recurrence");
  compiled(x); // the first call traces (and runs eagerly)
  w.zero_grad();
  const Array value = compiled(x);
  value.backward();
  EXPECT_EQ(compiled.stats().compiles, 1);
  EXPECT_TRUE(npg::allclose(value, eager, 1e-12, 1e-12))
      << value << " vs eager " << eager;
  EXPECT_TRUE(npg::allclose(*w.grad(), eagerGrad, 1e-10, 1e-12))
      << *w.grad() << " vs eager " << eagerGrad;
}

TEST(FusionScaling, CompiledRecurrenceEqualsEager) {
  expectCompiledEqualsEager(recurrence, npg::full({4, 4}, 0.5),
                            npg::random::uniform(-0.5, 0.5, {4, 4}), 12);
}

TEST(FusionScaling, CompiledLstmEqualsEager) {
  npg::random::manual_seed(4);
  expectCompiledEqualsEager(lstm, npg::random::randn({12, 1, 6}),
                            npg::random::randn({8, 6}) * 0.3, 12);
}

} // namespace
