// npg::trace: what a recorded trace contains and what it refuses to record.
#include "Expect.h"

#include "npg/IR/TraceGraph.h"
#include "npg/Trace.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Verifier.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

using npg::Array;
using npg::testing::ArraysClose;
using npg::testing::ThrowsWith;

namespace {
using npg::testing::count;
} // namespace

TEST(Trace, ModuleVerifiesAndOutputsAreTheEagerResults) {
  Array x = npg::random::randn({2, 3});
  Array b = npg::random::randn({3});
  npg::Trace t = npg::trace(
      [](const Array &x, const Array &b) { return (x + b).tanh(); }, x, b);
  EXPECT_TRUE(mlir::succeeded(mlir::verify(t.module())));
  ASSERT_EQ(t.outputs().size(), 1u);
  EXPECT_TRUE(ArraysClose(t.outputs()[0], (x + b).tanh()));
  EXPECT_EQ(count(t.mlir(), "npg.broadcast_to"), 1);
  EXPECT_EQ(count(t.mlir(), "npg.add"), 1);
  EXPECT_EQ(count(t.mlir(), "npg.tanh"), 1);
  EXPECT_NE(
      t.mlir().find(
          "func.func @traced(%arg0: tensor<2x3xf64>, %arg1: tensor<3xf64>) -> "
          "tensor<2x3xf64>"),
      std::string::npos)
      << t.mlir();
}

TEST(Trace, LocationsNameTheUsersSourceLine) {
  Array x = npg::ones({4});
  const unsigned line = __LINE__ + 1;
  npg::Trace t = npg::trace([](const Array &x) { return x.exp() * x; }, x);
  int npg_ops = 0;
  t.module().walk([&](mlir::Operation *op) {
    if (op->getDialect()->getNamespace() != "npg")
      return;
    ++npg_ops;
    auto loc = mlir::dyn_cast<mlir::FileLineColLoc>(op->getLoc());
    ASSERT_TRUE(loc) << op->getName().getStringRef().str();
    EXPECT_TRUE(loc.getFilename().getValue().ends_with("TraceTest.cpp"));
    EXPECT_EQ(loc.getLine(), line);
  });
  EXPECT_EQ(npg_ops, 2); // npg.exp and npg.mul
  EXPECT_NE(t.mlir(/*locations=*/true)
                .find("TraceTest.cpp\":" + std::to_string(line)),
            std::string::npos);
}

TEST(Trace, CapturedArraysBecomeArgumentsNotConstants) {
  Array W = npg::random::randn({3, 4}, true);
  Array bias = npg::zeros({4}, true);
  auto layer = [&](const Array &x) { return (x.matmul(W) + bias).relu(); };
  Array x = npg::random::randn({2, 3});
  npg::Trace t = npg::trace(layer, x);
  ASSERT_EQ(t.captures().size(), 2u);
  EXPECT_EQ(t.captures()[0].impl(), W.impl());
  EXPECT_EQ(t.captures()[1].impl(), bias.impl());
  EXPECT_EQ(t.graph().arguments.size(), 3u);
  EXPECT_EQ(count(t.mlir(), "npg.constant"), 0) << t.mlir();
  EXPECT_NE(t.mlir().find("%arg0: tensor<2x3xf64>, %arg1: tensor<3x4xf64>, "
                          "%arg2: tensor<4xf64>"),
            std::string::npos)
      << t.mlir();
}

TEST(Trace, ScalarsAndCreatedArraysBecomeConstants) {
  Array x = npg::ones({2}, npg::float32);
  npg::Trace t = npg::trace(
      [](const Array &x) { return x * 2.5 + npg::ones({2}, npg::float32); }, x);
  EXPECT_EQ(count(t.mlir(), "npg.constant"), 2) << t.mlir();
  EXPECT_NE(t.mlir().find("dense<2.500000e+00> : tensor<f32>"),
            std::string::npos)
      << t.mlir();
  EXPECT_TRUE(t.captures().empty());
}

TEST(Trace, PromotionAndNestedOpsRecordOnce) {
  Array i = npg::arange(6, npg::int32).reshape({2, 3});
  Array f = npg::ones({2, 3}, npg::float32);
  npg::Trace t = npg::trace(
      [](const Array &i, const Array &f) { return (i + f).mean(1); }, i, f);
  // int32 + float32 is float64 in numpy: both operands are cast.
  EXPECT_EQ(count(t.mlir(), "npg.cast"), 2) << t.mlir();
  // mean is one npg.reduce_mean, not the ops mean is built from.
  EXPECT_EQ(count(t.mlir(), "npg.reduce_mean"), 1) << t.mlir();
  EXPECT_EQ(count(t.mlir(), "npg.reduce_sum"), 0) << t.mlir();
  EXPECT_EQ(count(t.mlir(), "npg.div"), 0) << t.mlir();
  EXPECT_EQ(count(t.mlir(), "npg.reshape"), 0) << t.mlir();
  EXPECT_EQ(t.outputs()[0].dtype(), npg::float64);
}

TEST(Trace, SeveralOutputsAndViews) {
  Array x = npg::arange(12.0).reshape({3, 4});
  npg::Trace t = npg::trace(
      [](const Array &x) {
        return std::vector<Array>{x.T().slice(0, 1, std::nullopt, 2), x[1],
                                  x.max(0, true)};
      },
      x);
  EXPECT_EQ(t.graph().results.size(), 3u);
  EXPECT_EQ(count(t.mlir(), "npg.transpose"), 1);
  EXPECT_EQ(count(t.mlir(), "npg.slice"), 2);
  EXPECT_EQ(count(t.mlir(), "npg.reduce_max"), 1);
  EXPECT_TRUE(mlir::succeeded(mlir::verify(t.module())));
}

TEST(Trace, UndefinedOutputsAreErrorsNamingTheOutput) {
  const Array x = npg::ones({2});
  EXPECT_TRUE(
      ThrowsWith([&] { npg::trace([](const Array &) { return Array(); }, x); },
                 "output 0 of the traced function is an undefined Array"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::trace(
            [](const Array &x) {
              return std::vector<Array>{x * 2, Array()};
            },
            x);
      },
      "output 1 of the traced function is an undefined Array"));
  // The trace ended cleanly: tracing and eager mode work as before.
  EXPECT_TRUE(ArraysClose(
      npg::trace([](const Array &x) { return x * 2; }, x).outputs()[0],
      npg::full({2}, 2.0)));
}

TEST(Trace, HostReadsThrowNamingFileAndLine) {
  Array x = npg::ones({3});
  const int line = __LINE__ + 3;
  auto branchy = [](const Array &x) {
    Array y = x * 2;
    if (y.sum().item<double>() > 0) // a branch on data cannot be traced
      return y;
    return -y;
  };
  EXPECT_TRUE(ThrowsWith([&] { npg::trace(branchy, x); },
                         "item() at " + std::string(__FILE__) + ":" +
                             std::to_string(line)));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::trace(
            [](const Array &x) {
              x.to_vector<float>();
              return x;
            },
            x);
      },
      "to_vector()"));
  // Reading an array that does not depend on the inputs is fine.
  EXPECT_NO_THROW(npg::trace(
      [](const Array &x) { return x * npg::array(3.0).item<double>(); }, x));
}

TEST(Trace, RefusesWhatATraceCannotCapture) {
  Array x = npg::ones({3}, true);
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::trace(
            [](const Array &x) {
              Array y = x * 1.0;
              npg::NoGradGuard g;
              y.index_put_(0, 1.0);
              return y;
            },
            x);
      },
      "cannot be traced"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::trace([](const Array &x) { return x * npg::random::randperm(3); },
                   x);
      },
      "random::randperm()"));
  EXPECT_TRUE(ThrowsWith(
      [&] { npg::trace([](const Array &x) { return x.nonzero()[0]; }, x); },
      "depends on the data"));
  EXPECT_TRUE(ThrowsWith(
      [&] {
        npg::trace(
            [](const Array &x) {
              return npg::trace([](const Array &y) { return y; }, x)
                  .outputs()[0];
            },
            x);
      },
      "inside another trace"));
  // After a refused trace, eager mode works as before.
  EXPECT_TRUE(ArraysClose(x * 2, npg::full({3}, 2.0)));
}

namespace {
/// The message of the npg::Error `f` throws ("" if none).
template <class F> std::string error_of(F f) {
  try {
    f();
  } catch (const npg::Error &e) {
    return e.what();
  }
  return "";
}
} // namespace

TEST(Trace, InPlaceRefusalsNameTheUsersLine) {
  // Each refusal names this file and the line of the call, not a line of
  // npg's own sources.
  const Array x = npg::ones({3});
  const std::string file = __FILE__;
  int line = 0;
  auto refused = [&](const std::function<void(Array &)> &write) {
    const std::string message = error_of([&] {
      npg::trace(
          [&](const Array &in) {
            Array y = in * 2.0;
            write(y);
            return y;
          },
          x);
    });
    const std::string at = " at " + file + ":" + std::to_string(line);
    return message.find(at) != std::string::npos
               ? ::testing::AssertionSuccess()
               : ::testing::AssertionFailure()
                     << "\"" << message << "\" lacks \"" << at << "\"";
  };
  // (Not inside EXPECT_TRUE: in a macro argument, GCC gives every token the
  // line of the macro, so the call's line would not be its own.)
  const std::vector<std::function<void(Array &)>> writes = {
      [&](Array &y) {
        line = __LINE__ + 1;
        y.index_put_(0, 5.0);
      },
      [&](Array &y) {
        line = __LINE__ + 1;
        y.sort();
      },
      // A write into part of an array: a view of it.
      [&](Array &y) {
        line = __LINE__ + 1;
        y.slice(0, 0, 2).fill(1.0);
      },
      [&](Array &y) {
        line = __LINE__ + 1;
        y.reshape({3, 1})[0].assign(npg::zeros({1}));
      },
  };
  for (const auto &write : writes)
    EXPECT_TRUE(refused(write));
  // Through npg::compile, which traces on the first call, too.
  auto compiled = npg::compile([&](const Array &in) {
    Array y = in * 2.0;
    line = __LINE__ + 1;
    y.index_put_(0, 1.0);
    return y;
  });
  const std::string message = error_of([&] { compiled(x); });
  EXPECT_NE(message.find(" at " + file + ":" + std::to_string(line) + " "),
            std::string::npos)
      << message;
}

TEST(Trace, DetachAndAstypeStopGradients) {
  Array x = npg::ones({3}, true);
  npg::Trace t = npg::trace(
      [](const Array &x) {
        return x * x.detach() + x.astype(npg::float32).astype(npg::float64);
      },
      x);
  EXPECT_EQ(count(t.mlir(), "npg.stop_gradient"), 3) << t.mlir();
  EXPECT_EQ(count(t.mlir(), "npg.cast"), 2) << t.mlir();
}

TEST(Trace, DumpIrWritesFilesNpgOptCanRead) {
  const auto dir =
      std::filesystem::temp_directory_path() / "npg-trace-dump-test";
  std::filesystem::remove_all(dir);
  ::setenv("NPG_DUMP_IR", dir.c_str(), 1);
  npg::trace([](const Array &x) { return x * x; }, npg::ones({2}));
  ::unsetenv("NPG_DUMP_IR");
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(dir))
    files.push_back(entry.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].extension(), ".mlir");
  std::ifstream in(files[0]);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("npg.mul"), std::string::npos);
  EXPECT_NE(text.str().find("TraceTest.cpp"), std::string::npos);
}
