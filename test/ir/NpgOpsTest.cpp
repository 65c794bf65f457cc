//===- NpgOpsTest.cpp - C++ builders and type inference of npg ops --------===//
//
// The builder signatures the tracer/importer uses, with the result types
// they infer, and inference failing with a diagnostic (never a crash) on
// bad operands.
//
//===----------------------------------------------------------------------===//

#include "npg/IR/NpgOps.h"
#include "npg/IR/NpgDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

#include <string>

using namespace mlir;

namespace {

class NpgOpsTest : public ::testing::Test {
protected:
  NpgOpsTest() : builder(&context), loc(builder.getUnknownLoc()) {
    context.loadDialect<npg::NpgDialect>();
    module = ModuleOp::create(loc);
    builder.setInsertionPointToEnd(module->getBody());
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }
  DenseElementsAttr splat(ArrayRef<int64_t> shape, float value) {
    return DenseElementsAttr::get(f32(shape), value);
  }
  /// A fresh value of the given type (a constant, so that it verifies).
  Value input(ArrayRef<int64_t> shape) {
    return builder.create<npg::ConstantOp>(loc, splat(shape, 1.0f));
  }
  Type typeOf(Operation *op) { return op->getResult(0).getType(); }

  MLIRContext context;
  OpBuilder builder;
  Location loc;
  OwningOpRef<ModuleOp> module;
};

TEST_F(NpgOpsTest, BuildersInferResultTypes) {
  Value a = input({2, 3}), b = input({2, 3}), v = input({3});

  auto c = builder.create<npg::ConstantOp>(loc, splat({2, 2}, 0.5f));
  EXPECT_EQ(c.getType(), f32({2, 2}));

  EXPECT_EQ(builder.create<npg::AddOp>(loc, a, b).getType(), f32({2, 3}));
  EXPECT_EQ(builder.create<npg::ExpOp>(loc, a).getType(), f32({2, 3}));

  auto cmp = builder.create<npg::CompareOp>(loc, npg::CompareMode::gt, a, b);
  EXPECT_EQ(cmp.getType(), RankedTensorType::get({2, 3}, builder.getI1Type()));
  EXPECT_EQ(builder.create<npg::SelectOp>(loc, cmp, a, b).getType(),
            f32({2, 3}));

  auto f64 = RankedTensorType::get({2, 3}, builder.getF64Type());
  EXPECT_EQ(builder.create<npg::CastOp>(loc, f64, a).getType(), f64);

  // Explicit dims, or numpy's right alignment from the target shape.
  EXPECT_EQ(
      builder
          .create<npg::BroadcastToOp>(loc, f32({4, 3}), v, ArrayRef<int64_t>{1})
          .getType(),
      f32({4, 3}));
  auto numpy =
      builder.create<npg::BroadcastToOp>(loc, v, ArrayRef<int64_t>{5, 4, 3});
  EXPECT_EQ(numpy.getType(), f32({5, 4, 3}));
  EXPECT_EQ(numpy.getDimensions(), ArrayRef<int64_t>({2}));

  EXPECT_EQ(builder
                .create<npg::ReduceSumOp>(loc, a, ArrayRef<int64_t>{0},
                                          /*keepdims=*/false)
                .getType(),
            f32({3}));
  EXPECT_EQ(builder.create<npg::ReduceMaxOp>(loc, a, ArrayRef<int64_t>{1}, true)
                .getType(),
            f32({2, 1}));
  EXPECT_EQ(builder.create<npg::ReduceMinOp>(loc, a, ArrayRef<int64_t>{0, 1})
                .getType(),
            f32({}));

  EXPECT_EQ(builder.create<npg::ReshapeOp>(loc, f32({6}), a).getType(),
            f32({6}));
  EXPECT_EQ(
      builder.create<npg::ReshapeOp>(loc, a, ArrayRef<int64_t>{3, 2}).getType(),
      f32({3, 2}));
  EXPECT_EQ(builder.create<npg::TransposeOp>(loc, a, ArrayRef<int64_t>{1, 0})
                .getType(),
            f32({3, 2}));
  EXPECT_EQ(builder.create<npg::MatmulOp>(loc, a, v).getType(), f32({2}));
  EXPECT_EQ(builder.create<npg::MatmulOp>(loc, v, v).getType(), f32({}));
  EXPECT_EQ(builder
                .create<npg::SliceOp>(loc, a, ArrayRef<int64_t>{0, 2},
                                      ArrayRef<int64_t>{2, -1},
                                      ArrayRef<int64_t>{1, -2})
                .getType(),
            f32({2, 2}));
  EXPECT_EQ(
      builder.create<npg::ConcatOp>(loc, ValueRange{a, b, a}, 0).getType(),
      f32({6, 3}));

  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(NpgOpsTest, CompareModeNames) {
  EXPECT_EQ(npg::symbolizeCompareMode("le"), npg::CompareMode::le);
  EXPECT_FALSE(npg::symbolizeCompareMode("sgt").has_value());
  EXPECT_EQ(npg::stringifyCompareMode(npg::CompareMode::ne), "ne");
}

TEST_F(NpgOpsTest, InferenceFailsWithDiagnostic) {
  std::string messages;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    messages += diag.str() + "\n";
    return success();
  });
  Value a = input({2, 3}), w = input({4, 5});
  // Adaptors keep a ValueRange: the operand lists must outlive them.
  SmallVector<Value> aw = {a, w}, justA = {a}, none;
  SmallVector<Type> types;

  npg::MatmulOp::Adaptor matmul(aw);
  EXPECT_TRUE(
      failed(npg::MatmulOp::inferReturnTypes(&context, loc, matmul, types)));
  EXPECT_NE(messages.find("'npg.matmul' op contraction dimensions differ: "
                          "lhs tensor<2x3xf32> has 3, rhs tensor<4x5xf32> "
                          "has 4"),
            std::string::npos)
      << messages;

  // Missing attributes and operands fail instead of crashing.
  npg::ReduceSumOp::Adaptor noAxes(justA);
  EXPECT_TRUE(
      failed(npg::ReduceSumOp::inferReturnTypes(&context, loc, noAxes, types)));
  npg::MatmulOp::Adaptor oneOperand(justA);
  EXPECT_TRUE(failed(
      npg::MatmulOp::inferReturnTypes(&context, loc, oneOperand, types)));
  npg::ConcatOp::Adaptor noInputs(none);
  EXPECT_TRUE(
      failed(npg::ConcatOp::inferReturnTypes(&context, loc, noInputs, types)));
  EXPECT_TRUE(types.empty());

  // Without a location, inference fails silently.
  messages.clear();
  EXPECT_TRUE(failed(
      npg::MatmulOp::inferReturnTypes(&context, std::nullopt, matmul, types)));
  EXPECT_EQ(messages, "");
}

TEST_F(NpgOpsTest, FoldsThroughCreateOrFold) {
  Value a = input({2, 3});
  Value zero = builder.create<npg::ConstantOp>(loc, splat({2, 3}, 0.0f));
  EXPECT_EQ(builder.createOrFold<npg::AddOp>(loc, a, zero), a);
  EXPECT_EQ(
      builder.createOrFold<npg::TransposeOp>(loc, a, ArrayRef<int64_t>{0, 1}),
      a);
  // A folded splat comes back as a new npg.constant.
  Value broadcast = builder.createOrFold<npg::BroadcastToOp>(
      loc, zero, ArrayRef<int64_t>{4, 2, 3});
  auto constant = broadcast.getDefiningOp<npg::ConstantOp>();
  ASSERT_TRUE(constant);
  EXPECT_EQ(constant.getType(), f32({4, 2, 3}));
}

} // namespace
