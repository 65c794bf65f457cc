//===- IrAlgebra.cpp - the rules' algebra on npg dialect values -----------===//

#include "npg/IR/IrAlgebra.h"

#include "npg/IR/ElementTypes.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <algorithm>

namespace mlir::npg {

namespace {
RankedTensorType tensorType(Value v) {
  return cast<RankedTensorType>(v.getType());
}
} // namespace

Value IrAlgebra::x(int i) const { return getPrimal(op->getOperand(i)); }
Value IrAlgebra::y() const { return getPrimal(op->getResult(0)); }
::npg::Shape IrAlgebra::x_shape(int i) const {
  return shapeOf(op->getOperand(i).getType());
}
::npg::DType IrAlgebra::x_dtype(int i) const {
  return dtypeOf(tensorType(op->getOperand(i)).getElementType());
}
bool IrAlgebra::needs(int i) const {
  return isa<FloatType>(tensorType(op->getOperand(i)).getElementType());
}
int IrAlgebra::num_operands() const {
  return static_cast<int>(op->getNumOperands());
}

::npg::Shape IrAlgebra::shape(Value v) const { return shapeOf(v.getType()); }
::npg::DType IrAlgebra::dtype(Value v) const {
  return dtypeOf(tensorType(v).getElementType());
}

Value IrAlgebra::scalar(Value like, double value) {
  // 0-d, as the eager library's: operations broadcast it where it is used
  // (a splat of like's shape would broadcast against other shapes wrongly,
  // a reduction's result against its input). Folding makes it a splat.
  Type element = tensorType(like).getElementType();
  auto type = RankedTensorType::get({}, element);
  Attribute splat =
      isa<FloatType>(element)
          ? Attribute(b.getFloatAttr(element, value))
          : Attribute(b.getIntegerAttr(element, static_cast<int64_t>(value)));
  return b.create<ConstantOp>(loc, DenseElementsAttr::get(type, splat));
}

Value IrAlgebra::zeros(const ::npg::Shape &shape, Value like) {
  auto type = RankedTensorType::get(shape, tensorType(like).getElementType());
  return b.create<ConstantOp>(
      loc, DenseElementsAttr::get(type, b.getZeroAttr(type.getElementType())));
}

Value IrAlgebra::cast(Value v, ::npg::DType dtype) {
  RankedTensorType type = tensorType(v);
  Type element = elementTypeOf(b.getContext(), dtype);
  if (type.getElementType() == element)
    return v;
  return b.create<CastOp>(loc, type.clone(element), v);
}

std::pair<Value, Value> IrAlgebra::broadcastPair(Value x, Value y) {
  ::npg::Shape sx = shape(x), sy = shape(y);
  if (sx == sy)
    return {x, y};
  const std::size_t rank = std::max(sx.size(), sy.size());
  ::npg::Shape out(rank);
  for (std::size_t i = 0; i < rank; ++i) {
    const int64_t dx = i < sx.size() ? sx[sx.size() - 1 - i] : 1;
    const int64_t dy = i < sy.size() ? sy[sy.size() - 1 - i] : 1;
    out[rank - 1 - i] = dx == 1 ? dy : dx;
  }
  auto to = [&](Value v, const ::npg::Shape &s) -> Value {
    if (s == out)
      return v;
    // A splat constant (a scalar()) is made a splat of the shape: no
    // broadcast to fold away later (an unused 0-d one is dead code).
    if (auto constant = v.getDefiningOp<ConstantOp>())
      if (auto splat = dyn_cast<SplatElementsAttr>(constant.getValue())) {
        auto type = RankedTensorType::get(out, splat.getElementType());
        return b.create<ConstantOp>(
            loc,
            DenseElementsAttr::get(type, splat.getSplatValue<Attribute>()));
      }
    return b.create<BroadcastToOp>(loc, v, out).getResult();
  };
  return {to(x, sx), to(y, sy)};
}

Value IrAlgebra::compare(::npg::ops::CompareMode mode, Value x, Value y) {
  auto [bx, by] = broadcastPair(x, y);
  return b.create<CompareOp>(loc, static_cast<CompareMode>(mode), bx, by);
}

Value IrAlgebra::select(Value cond, Value t, Value f) {
  auto [bt, bf] = broadcastPair(t, f);
  auto [bc, bt2] = broadcastPair(cond, bt);
  auto [bc2, bf2] = broadcastPair(bc, bf);
  return b.create<SelectOp>(loc, bc2, bt2, bf2);
}

Value IrAlgebra::reduce_sum(Value x, const std::vector<std::int64_t> &axes,
                            bool keepdims) {
  if (axes.empty())
    return x;
  return b.create<ReduceSumOp>(loc, x, axes, keepdims);
}

Value IrAlgebra::reduce_max(Value x, const std::vector<std::int64_t> &axes,
                            bool keepdims) {
  if (axes.empty())
    return x;
  return b.create<ReduceMaxOp>(loc, x, axes, keepdims);
}

Value IrAlgebra::linear_scan(Value coefficients, Value input, std::int64_t axis,
                             bool reverse, bool strong_zero) {
  return b.create<LinearScanOp>(loc, coefficients, input, axis, reverse,
                                strong_zero);
}

Value IrAlgebra::reduce_prod(Value x, const std::vector<std::int64_t> &axes,
                             bool keepdims) {
  if (axes.empty())
    return x;
  return b.create<ReduceProdOp>(loc, x, axes, keepdims);
}

Value IrAlgebra::sum_to(Value x, const ::npg::Shape &to) {
  // numpy's inverse of broadcasting `to` (right-aligned) to x's shape: sum
  // the leading dimensions and the dimensions that were 1.
  ::npg::Shape from = shape(x);
  if (from == to)
    return x;
  const std::size_t lead = from.size() - to.size();
  std::vector<std::int64_t> axes;
  for (std::size_t i = 0; i < from.size(); ++i)
    if (i < lead || (to[i - lead] == 1 && from[i] != 1))
      axes.push_back(static_cast<std::int64_t>(i));
  return reshape(reduce_sum(x, axes, /*keepdims=*/false), to);
}

Value IrAlgebra::broadcast_in_dim(Value x, const ::npg::Shape &to,
                                  const std::vector<std::int64_t> &dims) {
  auto type = RankedTensorType::get(to, tensorType(x).getElementType());
  if (type == x.getType())
    return x;
  return b.create<BroadcastToOp>(loc, type, x, dims);
}

Value IrAlgebra::reshape(Value x, const ::npg::Shape &to) {
  if (shape(x) == to)
    return x;
  return b.create<ReshapeOp>(loc, x, to);
}

Value IrAlgebra::transpose(Value x, const std::vector<std::int64_t> &perm) {
  // Moving only size-1 dimensions around keeps the row-major order: a
  // reshape, which folds into neighbours.
  ::npg::Shape from = shape(x), to;
  for (std::int64_t p : perm)
    to.push_back(from[p]);
  std::vector<std::int64_t> order;
  for (std::int64_t p : perm)
    if (from[p] != 1)
      order.push_back(p);
  if (std::is_sorted(order.begin(), order.end()))
    return reshape(x, to);
  return b.create<TransposeOp>(loc, x, perm);
}

Value IrAlgebra::slice(Value x, const std::vector<std::int64_t> &starts,
                       const std::vector<std::int64_t> &limits,
                       const std::vector<std::int64_t> &steps) {
  return b.create<SliceOp>(loc, x, starts, limits, steps);
}

Value IrAlgebra::insert_slice(Value source, Value dest,
                              const std::vector<std::int64_t> &starts,
                              const std::vector<std::int64_t> &limits,
                              const std::vector<std::int64_t> &steps) {
  return b.create<InsertSliceOp>(loc, dest.getType(), source, dest, starts,
                                 limits, steps);
}

Value IrAlgebra::gather(Value x, Value indices, int axis) {
  return b.create<GatherOp>(loc, x, indices, axis);
}

Value IrAlgebra::scatter_add(Value dest, Value indices, Value updates,
                             int axis) {
  return b.create<ScatterAddOp>(loc, dest.getType(), dest, indices, updates,
                                axis);
}

} // namespace mlir::npg
