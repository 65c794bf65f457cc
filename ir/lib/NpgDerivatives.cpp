//===- NpgDerivatives.cpp - reverse-mode rules of the npg ops -------------===//
//
// DifferentiableOpInterface for every differentiable npg op, in one place.
// Each rule builds the vector-Jacobian product in npg ops, so that the
// backward functions npg-autodiff generates can be differentiated again.
//
// The conventions are the eager library's (frontend/lib/ops/*.cpp), which
// follow PyTorch: ties of maximum/minimum and of reductions to a maximum or
// minimum share the gradient evenly; abs and relu have slope 0 at 0; pow's
// slopes are taken as 0 where the exponent (for the base) or the base (for
// the exponent) is 0; sign, floor, ceil and round have a zero derivative;
// select passes the gradient to the chosen side.
//
// A rule returns a null Value for an operand with no gradient (inactive or a
// zero derivative); the pass then adds nothing for it.
//
//===----------------------------------------------------------------------===//

#include "npg/IR/NpgOps.h"

#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <numeric>

using namespace mlir;
using namespace mlir::npg;

#include "npg/IR/NpgInterfaces.cpp.inc"

namespace {

using PrimalFn = llvm::function_ref<Value(Value)>;

RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}

SmallVector<int64_t> iota(int64_t n) {
  SmallVector<int64_t> values(n);
  std::iota(values.begin(), values.end(), 0);
  return values;
}

/// Builds npg ops at one location (the forward op's, so that backward ops
/// point at the user's source line). Rules create at most one op per
/// argument list, so that the order of the ops does not depend on the
/// compiler's order of evaluating arguments.
class Emitter {
public:
  Emitter(OpBuilder &b, Location loc) : b(b), loc(loc) {}

  Value add(Value x, Value y) { return b.create<AddOp>(loc, x, y); }
  Value sub(Value x, Value y) { return b.create<SubOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.create<MulOp>(loc, x, y); }
  Value div(Value x, Value y) { return b.create<DivOp>(loc, x, y); }
  Value neg(Value x) { return b.create<NegOp>(loc, x); }

  /// A constant of `type` with every element `value`.
  Value splat(Type type, double value) {
    auto tensor = cast<RankedTensorType>(type);
    Type element = tensor.getElementType();
    Attribute scalar =
        isa<FloatType>(element)
            ? Attribute(b.getFloatAttr(element, value))
            : Attribute(b.getIntegerAttr(element, static_cast<int64_t>(value)));
    return b.create<ConstantOp>(loc, DenseElementsAttr::get(tensor, scalar));
  }
  /// `value` as a constant of `like`'s type.
  Value splatLike(Value like, double value) {
    return splat(like.getType(), value);
  }

  Value compare(CompareMode mode, Value x, Value y) {
    return b.create<CompareOp>(loc, mode, x, y);
  }
  Value select(Value cond, Value t, Value f) {
    return b.create<SelectOp>(loc, cond, t, f);
  }

  Value reshape(Value x, ArrayRef<int64_t> shape) {
    if (tensorType(x).getShape() == shape)
      return x;
    return b.create<ReshapeOp>(loc, x, shape);
  }
  Value broadcast(Value x, ArrayRef<int64_t> shape, ArrayRef<int64_t> dims) {
    auto type = RankedTensorType::get(shape, tensorType(x).getElementType());
    return b.create<BroadcastToOp>(loc, type, x, dims);
  }
  Value reduceSum(Value x, ArrayRef<int64_t> axes, bool keepdims) {
    if (axes.empty())
      return x;
    return b.create<ReduceSumOp>(loc, x, axes, keepdims);
  }
  Value transpose(Value x, ArrayRef<int64_t> perm) {
    return b.create<TransposeOp>(loc, x, perm);
  }

  /// Swaps the last two dimensions. With a size-1 one among them this only
  /// moves a unit dimension, which a reshape does.
  Value transposeLastTwo(Value x) {
    ArrayRef<int64_t> shape = tensorType(x).getShape();
    int64_t rank = shape.size();
    SmallVector<int64_t> perm = iota(rank);
    std::swap(perm[rank - 1], perm[rank - 2]);
    if (shape[rank - 1] == 1 || shape[rank - 2] == 1) {
      SmallVector<int64_t> swapped(shape);
      std::swap(swapped[rank - 1], swapped[rank - 2]);
      return reshape(x, swapped);
    }
    return transpose(x, perm);
  }

  /// numpy's inverse of broadcasting `shape` (right-aligned) to x's shape:
  /// sums the leading dimensions and the dimensions that were 1.
  Value sumTo(Value x, ArrayRef<int64_t> shape) {
    ArrayRef<int64_t> from = tensorType(x).getShape();
    int64_t lead = from.size() - shape.size();
    SmallVector<int64_t> axes;
    for (int64_t i = 0, e = from.size(); i < e; ++i)
      if (i < lead || (shape[i - lead] == 1 && from[i] != 1))
        axes.push_back(i);
    return reshape(reduceSum(x, axes, /*keepdims=*/false), shape);
  }

  /// g of a reduction's result broadcast back over the input's shape
  /// (`axes` of `shape` were reduced).
  Value unreduce(Value g, ArrayRef<int64_t> shape, ArrayRef<int64_t> axes,
                 bool keepdims) {
    SmallVector<int64_t> dims;
    for (int64_t d = 0, e = shape.size(); d < e; ++d)
      if (keepdims || !llvm::is_contained(axes, d))
        dims.push_back(d);
    return broadcast(g, shape, dims);
  }

  OpBuilder &b;
  Location loc;
};

bool isFloatTensor(Type type) {
  return isa<FloatType>(cast<RankedTensorType>(type).getElementType());
}

/// Adjoints of maximum/minimum: all of g to the side that wins, half of it
/// to each side where they are equal.
SmallVector<Value> extremumAdjoints(OpBuilder &b, Location loc,
                                    CompareMode wins, Value x, Value y,
                                    Value g) {
  Emitter e(b, loc);
  Value zeros = e.splatLike(g, 0.0);
  Value half = e.mul(g, e.splatLike(g, 0.5));
  Value tie = e.select(e.compare(CompareMode::eq, x, y), half, zeros);
  return {e.select(e.compare(wins, x, y), g, tie),
          e.select(e.compare(wins, y, x), g, tie)};
}

/// Adjoint of reduce_max/reduce_min: g spread evenly over the elements equal
/// to the extremum (NaN elements when the extremum is NaN, as eager npg and
/// PyTorch route it).
template <typename ReduceOp>
Value extremumAdjoint(ReduceOp op, Value g, PrimalFn getPrimal, OpBuilder &b) {
  Emitter e(b, op.getLoc());
  Value x = getPrimal(op.getInput());
  Value z = getPrimal(op.getResult());
  ArrayRef<int64_t> shape = op.getInput().getType().getShape();
  ArrayRef<int64_t> axes = op.getAxes();
  bool keepdims = op.getKeepdims();
  Value ones = e.splatLike(x, 1.0), zeros = e.splatLike(x, 0.0);
  Value hit = e.select(
      e.compare(CompareMode::eq, x, e.unreduce(z, shape, axes, keepdims)), ones,
      zeros);
  Value mask = e.select(e.compare(CompareMode::ne, x, x), ones, hit);
  Value ties = e.reduceSum(mask, axes, /*keepdims=*/true);
  Value spread = e.mul(mask, e.unreduce(g, shape, axes, keepdims));
  return e.div(spread, e.unreduce(ties, shape, axes, /*keepdims=*/true));
}

} // namespace

//===----------------------------------------------------------------------===//
// Elementwise binary ops
//===----------------------------------------------------------------------===//

SmallVector<Value> AddOp::buildAdjoints(OpBuilder &, Value g, PrimalFn) {
  return {g, g};
}

SmallVector<Value> SubOp::buildAdjoints(OpBuilder &b, Value g, PrimalFn) {
  return {g, Emitter(b, getLoc()).neg(g)};
}

SmallVector<Value> MulOp::buildAdjoints(OpBuilder &b, Value g,
                                        PrimalFn getPrimal) {
  Emitter e(b, getLoc());
  Value x = getPrimal(getLhs()), y = getPrimal(getRhs());
  return {e.mul(g, y), e.mul(g, x)};
}

SmallVector<Value> DivOp::buildAdjoints(OpBuilder &b, Value g,
                                        PrimalFn getPrimal) {
  Emitter e(b, getLoc());
  Value x = getPrimal(getLhs()), y = getPrimal(getRhs());
  // d(x/y)/dy = -x / y^2, in the eager library's order.
  Value gx = e.div(g, y);
  Value numerator = e.mul(e.neg(g), x);
  return {gx, e.div(numerator, e.mul(y, y))};
}

SmallVector<Value> PowOp::buildAdjoints(OpBuilder &b, Value g,
                                        PrimalFn getPrimal) {
  Emitter e(b, getLoc());
  Value x = getPrimal(getLhs()), y = getPrimal(getRhs());
  Value z = getPrimal(getResult());
  Value zeros = e.splatLike(g, 0.0);
  // y * x^(y-1), taken as 0 where y == 0 (0^0's slope).
  Value one = e.splatLike(y, 1.0);
  Value powm1 = b.create<PowOp>(getLoc(), x, e.sub(y, one));
  Value rawSlope = e.mul(y, powm1);
  Value slope = e.select(e.compare(CompareMode::eq, y, zeros), zeros, rawSlope);
  // x^y * log(x), taken as 0 where x == 0.
  Value rawExpSlope = e.mul(z, b.create<LogOp>(getLoc(), x));
  Value expSlope =
      e.select(e.compare(CompareMode::eq, x, zeros), zeros, rawExpSlope);
  return {e.mul(g, slope), e.mul(g, expSlope)};
}

SmallVector<Value> MaximumOp::buildAdjoints(OpBuilder &b, Value g,
                                            PrimalFn getPrimal) {
  Value x = getPrimal(getLhs()), y = getPrimal(getRhs());
  return extremumAdjoints(b, getLoc(), CompareMode::gt, x, y, g);
}

SmallVector<Value> MinimumOp::buildAdjoints(OpBuilder &b, Value g,
                                            PrimalFn getPrimal) {
  Value x = getPrimal(getLhs()), y = getPrimal(getRhs());
  return extremumAdjoints(b, getLoc(), CompareMode::lt, x, y, g);
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

SmallVector<Value> NegOp::buildAdjoints(OpBuilder &b, Value g, PrimalFn) {
  return {Emitter(b, getLoc()).neg(g)};
}

SmallVector<Value> ExpOp::buildAdjoints(OpBuilder &b, Value g,
                                        PrimalFn getPrimal) {
  return {Emitter(b, getLoc()).mul(g, getPrimal(getResult()))};
}

SmallVector<Value> LogOp::buildAdjoints(OpBuilder &b, Value g,
                                        PrimalFn getPrimal) {
  return {Emitter(b, getLoc()).div(g, getPrimal(getInput()))};
}

SmallVector<Value> SqrtOp::buildAdjoints(OpBuilder &b, Value g,
                                         PrimalFn getPrimal) {
  Emitter e(b, getLoc());
  Value y = getPrimal(getResult());
  return {e.div(g, e.mul(y, e.splatLike(y, 2.0)))};
}

SmallVector<Value> AbsOp::buildAdjoints(OpBuilder &b, Value g,
                                        PrimalFn getPrimal) {
  // sign(0) = 0: slope 0 at 0.
  Value sign = b.create<SignOp>(getLoc(), getPrimal(getInput()));
  return {Emitter(b, getLoc()).mul(g, sign)};
}

SmallVector<Value> TanhOp::buildAdjoints(OpBuilder &b, Value g,
                                         PrimalFn getPrimal) {
  Emitter e(b, getLoc());
  Value t = getPrimal(getResult());
  Value one = e.splatLike(t, 1.0);
  return {e.mul(g, e.sub(one, e.mul(t, t)))};
}

SmallVector<Value> SigmoidOp::buildAdjoints(OpBuilder &b, Value g,
                                            PrimalFn getPrimal) {
  Emitter e(b, getLoc());
  Value s = getPrimal(getResult());
  Value gs = e.mul(g, s);
  Value one = e.splatLike(s, 1.0);
  return {e.mul(gs, e.sub(one, s))};
}

SmallVector<Value> ReluOp::buildAdjoints(OpBuilder &b, Value g,
                                         PrimalFn getPrimal) {
  Emitter e(b, getLoc());
  Value x = getPrimal(getInput());
  Value zeros = e.splatLike(g, 0.0);
  return {e.select(e.compare(CompareMode::gt, x, zeros), g, zeros)};
}

SmallVector<Value> SinOp::buildAdjoints(OpBuilder &b, Value g,
                                        PrimalFn getPrimal) {
  Value cos = b.create<CosOp>(getLoc(), getPrimal(getInput()));
  return {Emitter(b, getLoc()).mul(g, cos)};
}

SmallVector<Value> CosOp::buildAdjoints(OpBuilder &b, Value g,
                                        PrimalFn getPrimal) {
  Emitter e(b, getLoc());
  Value sin = b.create<SinOp>(getLoc(), getPrimal(getInput()));
  return {e.mul(g, e.neg(sin))};
}

SmallVector<Value> TanOp::buildAdjoints(OpBuilder &b, Value g,
                                        PrimalFn getPrimal) {
  // sec^2 = 1 + tan^2, from the result as PyTorch does.
  Emitter e(b, getLoc());
  Value t = getPrimal(getResult());
  Value one = e.splatLike(t, 1.0);
  return {e.mul(g, e.add(one, e.mul(t, t)))};
}

// Piecewise constant: no gradient.
SmallVector<Value> SignOp::buildAdjoints(OpBuilder &, Value, PrimalFn) {
  return {Value()};
}
SmallVector<Value> FloorOp::buildAdjoints(OpBuilder &, Value, PrimalFn) {
  return {Value()};
}
SmallVector<Value> CeilOp::buildAdjoints(OpBuilder &, Value, PrimalFn) {
  return {Value()};
}
SmallVector<Value> RoundOp::buildAdjoints(OpBuilder &, Value, PrimalFn) {
  return {Value()};
}

//===----------------------------------------------------------------------===//
// SelectOp, CastOp
//===----------------------------------------------------------------------===//

SmallVector<Value> SelectOp::buildAdjoints(OpBuilder &b, Value g,
                                           PrimalFn getPrimal) {
  Emitter e(b, getLoc());
  Value cond = getPrimal(getCond());
  Value zeros = e.splatLike(g, 0.0);
  return {Value(), e.select(cond, g, zeros), e.select(cond, zeros, g)};
}

SmallVector<Value> StopGradientOp::buildAdjoints(OpBuilder &, Value, PrimalFn) {
  return {Value()}; // the point of the op
}

SmallVector<Value> CastOp::buildAdjoints(OpBuilder &b, Value g, PrimalFn) {
  // Integer and i1 values carry no gradient.
  Type input = getInput().getType();
  if (!isFloatTensor(input) || !isFloatTensor(getType()))
    return {Value()};
  return {b.create<CastOp>(getLoc(), input, g)};
}

//===----------------------------------------------------------------------===//
// BroadcastToOp, reductions
//===----------------------------------------------------------------------===//

SmallVector<Value> BroadcastToOp::buildAdjoints(OpBuilder &b, Value g,
                                                PrimalFn) {
  Emitter e(b, getLoc());
  ArrayRef<int64_t> input = getInput().getType().getShape();
  ArrayRef<int64_t> result = getType().getShape();
  ArrayRef<int64_t> dims = getDimensions();
  // Sum over the new dimensions and over those broadcast from size 1.
  SmallVector<int64_t> axes;
  for (int64_t d = 0, r = result.size(); d < r; ++d) {
    const int64_t *it = llvm::find(dims, d);
    if (it == dims.end() || (input[it - dims.begin()] == 1 && result[d] != 1))
      axes.push_back(d);
  }
  return {e.reshape(e.reduceSum(g, axes, /*keepdims=*/false), input)};
}

SmallVector<Value> ReduceSumOp::buildAdjoints(OpBuilder &b, Value g, PrimalFn) {
  return {Emitter(b, getLoc())
              .unreduce(g, getInput().getType().getShape(), getAxes(),
                        getKeepdims())};
}

SmallVector<Value> ReduceMaxOp::buildAdjoints(OpBuilder &b, Value g,
                                              PrimalFn getPrimal) {
  return {extremumAdjoint(*this, g, getPrimal, b)};
}

SmallVector<Value> ReduceMinOp::buildAdjoints(OpBuilder &b, Value g,
                                              PrimalFn getPrimal) {
  return {extremumAdjoint(*this, g, getPrimal, b)};
}

//===----------------------------------------------------------------------===//
// ReshapeOp, TransposeOp
//===----------------------------------------------------------------------===//

SmallVector<Value> ReshapeOp::buildAdjoints(OpBuilder &b, Value g, PrimalFn) {
  return {Emitter(b, getLoc()).reshape(g, getInput().getType().getShape())};
}

SmallVector<Value> TransposeOp::buildAdjoints(OpBuilder &b, Value g, PrimalFn) {
  ArrayRef<int64_t> perm = getPermutation();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  return {Emitter(b, getLoc()).transpose(g, inverse)};
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

SmallVector<Value> MatmulOp::buildAdjoints(OpBuilder &b, Value g,
                                           PrimalFn getPrimal) {
  Emitter e(b, getLoc());
  Value x = getPrimal(getLhs()), y = getPrimal(getRhs());
  ArrayRef<int64_t> xShape = getLhs().getType().getShape();
  ArrayRef<int64_t> yShape = getRhs().getType().getShape();
  // As numpy: a 1-D lhs is a row [1, k], a 1-D rhs a column [k, 1].
  Value x2 = xShape.size() == 1 ? e.reshape(x, {1, xShape[0]}) : x;
  Value y2 = yShape.size() == 1 ? e.reshape(y, {yShape[0], 1}) : y;
  ArrayRef<int64_t> x2Shape = tensorType(x2).getShape();
  ArrayRef<int64_t> y2Shape = tensorType(y2).getShape();
  // The result with the unit dimensions of 1-D operands restored:
  // [batch..., n, m].
  SmallVector<int64_t> full(getType().getShape());
  if (xShape.size() == 1)
    full.insert(full.end() - (yShape.size() == 1 ? 0 : 1), 1);
  if (yShape.size() == 1)
    full.push_back(1);
  Value g2 = e.reshape(g, full);
  // Products over the broadcast batch, summed back to each operand's shape.
  Value gx = e.sumTo(b.create<MatmulOp>(getLoc(), g2, e.transposeLastTwo(y2)),
                     x2Shape);
  Value gy = e.sumTo(b.create<MatmulOp>(getLoc(), e.transposeLastTwo(x2), g2),
                     y2Shape);
  return {e.reshape(gx, xShape), e.reshape(gy, yShape)};
}

//===----------------------------------------------------------------------===//
// SliceOp, InsertSliceOp, ConcatOp
//===----------------------------------------------------------------------===//

SmallVector<Value> SliceOp::buildAdjoints(OpBuilder &b, Value g, PrimalFn) {
  Emitter e(b, getLoc());
  Value zeros = e.splat(getInput().getType(), 0.0);
  return {b.create<InsertSliceOp>(getLoc(), zeros.getType(), g, zeros,
                                  getStarts(), getLimits(), getSteps())};
}

SmallVector<Value> InsertSliceOp::buildAdjoints(OpBuilder &b, Value g,
                                                PrimalFn) {
  Emitter e(b, getLoc());
  Value source =
      b.create<SliceOp>(getLoc(), g, getStarts(), getLimits(), getSteps());
  // dest's elements survive outside the slice only.
  Value dest = b.create<InsertSliceOp>(getLoc(), g.getType(),
                                       e.splat(getSource().getType(), 0.0), g,
                                       getStarts(), getLimits(), getSteps());
  return {source, dest};
}

SmallVector<Value> ConcatOp::buildAdjoints(OpBuilder &b, Value g, PrimalFn) {
  ArrayRef<int64_t> shape = getType().getShape();
  int64_t axis = static_cast<int64_t>(getAxis());
  SmallVector<int64_t> starts(shape.size(), 0), limits(shape),
      steps(shape.size(), 1);
  SmallVector<Value> adjoints;
  int64_t offset = 0;
  for (Value input : getInputs()) {
    int64_t size = cast<RankedTensorType>(input.getType()).getDimSize(axis);
    starts[axis] = offset;
    limits[axis] = offset + size;
    adjoints.push_back(b.create<SliceOp>(getLoc(), g, starts, limits, steps));
    offset += size;
  }
  return adjoints;
}

//===----------------------------------------------------------------------===//
// GatherOp, ScatterAddOp
//===----------------------------------------------------------------------===//

SmallVector<Value> GatherOp::buildAdjoints(OpBuilder &b, Value g,
                                           PrimalFn getPrimal) {
  if (!isa<FloatType>(getType().getElementType()))
    return {Value(), Value()};
  Emitter e(b, getLoc());
  Value zeros = e.splat(getInput().getType(), 0.0);
  Value indices = getPrimal(getIndices());
  // Repeated indices accumulate: the adjoint of a gather is a scatter-add.
  return {b.create<ScatterAddOp>(getLoc(), zeros.getType(), zeros, indices, g,
                                 getAxis()),
          Value()};
}

SmallVector<Value> ScatterAddOp::buildAdjoints(OpBuilder &b, Value g,
                                               PrimalFn getPrimal) {
  if (!isa<FloatType>(getType().getElementType()))
    return {Value(), Value(), Value()};
  Value indices = getPrimal(getIndices());
  return {g, Value(),
          b.create<GatherOp>(getLoc(), g, indices, getAxis()).getResult()};
}
