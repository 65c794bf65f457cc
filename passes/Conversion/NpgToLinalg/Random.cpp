//===- Random.cpp - npg.random_uniform to linalg --------------------------===//
//
// npg.random_uniform becomes a parallel linalg.generic whose body computes
// Philox4x32-10 of its element's row-major index: no state, so the draw
// fuses into its consumers (a dropout mask is never stored) and vectorizes
// like any elementwise body. npg/rules/Random.h holds the constants and the
// eager reference this arithmetic must match bit for bit.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"
#include "Utils.h"

#include "npg/IR/NpgOps.h"
#include "npg/rules/Random.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace ::npg::conversion;
namespace npgir = mlir::npg;
namespace philox = ::npg::rules::philox;

namespace {

/// Builds unsigned 32/64-bit integer arithmetic at one location.
struct Bits {
  OpBuilder &b;
  Location loc;

  Value i32(uint32_t v) const {
    return b.create<arith::ConstantIntOp>(loc, v, 32);
  }
  Value i64(uint64_t v) const {
    return b.create<arith::ConstantIntOp>(loc, static_cast<int64_t>(v), 64);
  }
  Value low(Value x) const {
    return b.create<arith::TruncIOp>(loc, b.getI32Type(), x);
  }
  Value high(Value x) const {
    return low(b.create<arith::ShRUIOp>(loc, x, i64(32)));
  }
  Value wide(Value x) const {
    return b.create<arith::ExtUIOp>(loc, b.getI64Type(), x);
  }
  Value xor3(Value x, Value y, Value z) const {
    return b.create<arith::XOrIOp>(loc, b.create<arith::XOrIOp>(loc, x, y), z);
  }
  Value add(Value x, Value y) const {
    return b.create<arith::AddIOp>(loc, x, y);
  }
};

/// philox::philox4x32_10 on IR values (i32 words, i32 key halves).
std::array<Value, 4> philoxBlock(const Bits &ir, std::array<Value, 4> c,
                                 std::array<Value, 2> k) {
  for (int round = 0; round < philox::kRounds; ++round) {
    if (round > 0) {
      k[0] = ir.add(k[0], ir.i32(philox::kWeyl0));
      k[1] = ir.add(k[1], ir.i32(philox::kWeyl1));
    }
    Value p0 = ir.b.create<arith::MulIOp>(ir.loc, ir.wide(c[0]),
                                          ir.i64(philox::kMultiplier0));
    Value p1 = ir.b.create<arith::MulIOp>(ir.loc, ir.wide(c[2]),
                                          ir.i64(philox::kMultiplier1));
    c = {ir.xor3(ir.high(p1), c[1], k[0]), ir.low(p1),
         ir.xor3(ir.high(p0), c[3], k[1]), ir.low(p0)};
  }
  return c;
}

/// philox::uniform_double / uniform_float of a block.
Value uniform(const Bits &ir, const std::array<Value, 4> &w, FloatType type) {
  OpBuilder &b = ir.b;
  Value bits, scale;
  if (type.isF64()) {
    Value joined = b.create<arith::OrIOp>(
        ir.loc, b.create<arith::ShLIOp>(ir.loc, ir.wide(w[1]), ir.i64(32)),
        ir.wide(w[0]));
    bits = b.create<arith::ShRUIOp>(ir.loc, joined, ir.i64(11));
    scale = scalarConstant(b, ir.loc, type, 0x1.0p-53);
  } else {
    bits = b.create<arith::ShRUIOp>(ir.loc, w[0], ir.i32(8));
    scale = scalarConstant(b, ir.loc, type, 0x1.0p-24);
  }
  return b.create<arith::MulFOp>(
      ir.loc, b.create<arith::UIToFPOp>(ir.loc, type, bits), scale);
}

struct RandomUniformPattern : OpConversionPattern<npgir::RandomUniformOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(npgir::RandomUniformOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType out = op.getType();
    AffineMap scalar =
        AffineMap::get(out.getRank(), 0, {}, rewriter.getContext());
    Value result = buildParallelGeneric(
        rewriter, op.getLoc(), out, {adaptor.getSeed(), adaptor.getOffset()},
        {scalar, scalar},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          const Bits ir{b, loc};
          // The element's row-major index, added to the offset (wrapping).
          Value index = ir.i64(0);
          for (int64_t d = 0; d < out.getRank(); ++d) {
            Value at = b.create<arith::IndexCastUIOp>(
                loc, b.getI64Type(), b.create<linalg::IndexOp>(loc, d));
            index = ir.add(
                b.create<arith::MulIOp>(loc, index, ir.i64(out.getDimSize(d))),
                at);
          }
          Value counter = ir.add(args[1], index);
          Value zero = ir.i32(0);
          std::array<Value, 4> block =
              philoxBlock(ir, {ir.low(counter), ir.high(counter), zero, zero},
                          {ir.low(args[0]), ir.high(args[0])});
          return uniform(ir, block, cast<FloatType>(out.getElementType()));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

namespace npg::conversion {
void populateRandomPatterns(RewritePatternSet &patterns) {
  patterns.add<RandomUniformPattern>(patterns.getContext());
}
} // namespace npg::conversion
