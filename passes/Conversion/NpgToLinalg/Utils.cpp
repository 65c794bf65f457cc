//===- Utils.cpp - builders shared by the npg-to-linalg patterns ----------===//

#include "Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace npg::conversion {

Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                  Type element) {
  return b.create<tensor::EmptyOp>(loc, shape, element);
}

Value splatAsFill(OpBuilder &b, Location loc, Value dest,
                  RankedTensorType type) {
  SplatElementsAttr splat;
  if (!matchPattern(dest, m_Constant(&splat)))
    return dest;
  Value value = b.create<arith::ConstantOp>(
      loc, cast<TypedAttr>(splat.getSplatValue<Attribute>()));
  return b
      .create<linalg::FillOp>(
          loc, value,
          emptyTensor(b, loc, type.getShape(), type.getElementType()))
      .getResult(0);
}

Value scalarConstant(OpBuilder &b, Location loc, Type type, double value) {
  if (auto ft = dyn_cast<FloatType>(type))
    return b.create<arith::ConstantOp>(loc, b.getFloatAttr(ft, value));
  return b.create<arith::ConstantOp>(
      loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value buildParallelGeneric(
    OpBuilder &b, Location loc, RankedTensorType resultType, ValueRange inputs,
    ArrayRef<AffineMap> maps,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  int64_t rank = resultType.getRank();
  SmallVector<AffineMap> allMaps(maps);
  allMaps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{resultType}, inputs,
      ValueRange{emptyTensor(b, loc, resultType.getShape(),
                             resultType.getElementType())},
      allMaps, iterators, [&](OpBuilder &nb, Location nl, ValueRange args) {
        nb.create<linalg::YieldOp>(nl, body(nb, nl, args.drop_back()));
      });
  return generic.getResult(0);
}

namespace {
/// Reassociation grouping every dimension of a rank-`rank` shape into the
/// single dimension of a 1-D one.
SmallVector<ReassociationIndices> allInOne(int64_t rank) {
  ReassociationIndices all;
  for (int64_t i = 0; i < rank; ++i)
    all.push_back(i);
  return {all};
}

} // namespace

Value reshapeTensor(OpBuilder &b, Location loc, Value value,
                    RankedTensorType target) {
  auto source = cast<RankedTensorType>(value.getType());
  if (source == target)
    return value;
  // To or from 0-d: every dimension is 1, and the reassociation is empty.
  if (target.getRank() == 0)
    return b.create<tensor::CollapseShapeOp>(
        loc, target, value, SmallVector<ReassociationIndices>{});
  if (source.getRank() == 0)
    return b.create<tensor::ExpandShapeOp>(loc, target, value,
                                           SmallVector<ReassociationIndices>{});
  if (source.getRank() != target.getRank()) {
    if (auto re = getReassociationIndicesForReshape(source, target)) {
      if (source.getRank() > target.getRank())
        return b.create<tensor::CollapseShapeOp>(loc, target, value, *re);
      return b.create<tensor::ExpandShapeOp>(loc, target, value, *re);
    }
  }
  Value flat = value;
  if (source.getRank() != 1) {
    auto flatType = RankedTensorType::get({source.getNumElements()},
                                          source.getElementType());
    flat = b.create<tensor::CollapseShapeOp>(loc, flatType, value,
                                             allInOne(source.getRank()));
  }
  if (target.getRank() == 1)
    return flat;
  return b.create<tensor::ExpandShapeOp>(loc, target, flat,
                                         allInOne(target.getRank()));
}

} // namespace npg::conversion
