//===- IrAlgebra.h - the rules' algebra on npg dialect values ---*- C++ -*-===//
//
// npg::rules::Algebra (rules/include/npg/rules/Algebra.h) implemented by
// building npg ops: npg-autodiff runs each op's derivative rule on it, and
// npg-decompose each composite op's expansion. Elementwise operations
// broadcast operands of different shapes as numpy does (with
// npg.broadcast_to); their element types must already agree.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_IR_IRALGEBRA_H
#define NPG_IR_IRALGEBRA_H

#include "npg/IR/NpgOpKinds.h"
#include "npg/rules/Algebra.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::npg {

class IrAlgebra {
public:
  using Value = mlir::Value;
  using PrimalFn = llvm::function_ref<Value(Value)>;

  /// Builds at `loc` with `builder`; bound to `op`, whose operands and
  /// result the rule reads through `getPrimal` (npg-autodiff maps them into
  /// the backward function). A decomposition passes no op.
  IrAlgebra(OpBuilder &builder, Location loc, Operation *op = nullptr,
            PrimalFn getPrimal = {})
      : b(builder), loc(loc), op(op), getPrimal(getPrimal) {}

  // The op.
  Value x(int i) const;
  Value y() const;
  ::npg::Shape x_shape(int i) const;
  ::npg::DType x_dtype(int i) const;
  /// Float operands want gradients; integer and i1 ones never do.
  bool needs(int i) const;
  int num_operands() const;

  // Values.
  ::npg::Shape shape(Value v) const;
  ::npg::DType dtype(Value v) const;
  /// A 0-d constant of like's element type.
  Value scalar(Value like, double value);
  Value zeros(const ::npg::Shape &shape, Value like);
  Value cast(Value v, ::npg::DType dtype);

  // Elementwise.
  Value add(Value x, Value y) { return binary<AddOp>(x, y); }
  Value sub(Value x, Value y) { return binary<SubOp>(x, y); }
  Value mul(Value x, Value y) { return binary<MulOp>(x, y); }
  Value div(Value x, Value y) { return binary<DivOp>(x, y); }
  Value pow(Value x, Value y) { return binary<PowOp>(x, y); }
  Value maximum(Value x, Value y) { return binary<MaximumOp>(x, y); }
  Value minimum(Value x, Value y) { return binary<MinimumOp>(x, y); }
  Value neg(Value x) { return b.create<NegOp>(loc, x); }
  Value exp(Value x) { return b.create<ExpOp>(loc, x); }
  Value log(Value x) { return b.create<LogOp>(loc, x); }
  Value sqrt(Value x) { return b.create<SqrtOp>(loc, x); }
  Value tanh(Value x) { return b.create<TanhOp>(loc, x); }
  Value sigmoid(Value x) { return b.create<SigmoidOp>(loc, x); }
  Value sign(Value x) { return b.create<SignOp>(loc, x); }
  Value sin(Value x) { return b.create<SinOp>(loc, x); }
  Value cos(Value x) { return b.create<CosOp>(loc, x); }
  Value abs(Value x) { return b.create<AbsOp>(loc, x); }
  Value compare(::npg::ops::CompareMode mode, Value x, Value y);
  Value select(Value cond, Value t, Value f);

  // Shapes and data movement.
  Value reduce_sum(Value x, const std::vector<std::int64_t> &axes,
                   bool keepdims);
  Value reduce_max(Value x, const std::vector<std::int64_t> &axes,
                   bool keepdims);
  Value reduce_prod(Value x, const std::vector<std::int64_t> &axes,
                    bool keepdims);
  Value linear_scan(Value coefficients, Value input, std::int64_t axis,
                    bool reverse, bool strong_zero);
  Value sum_to(Value x, const ::npg::Shape &shape);
  Value broadcast_in_dim(Value x, const ::npg::Shape &shape,
                         const std::vector<std::int64_t> &dims);
  Value reshape(Value x, const ::npg::Shape &shape);
  Value transpose(Value x, const std::vector<std::int64_t> &perm);
  Value matmul(Value x, Value y) { return b.create<MatmulOp>(loc, x, y); }
  Value slice(Value x, const std::vector<std::int64_t> &starts,
              const std::vector<std::int64_t> &limits,
              const std::vector<std::int64_t> &steps);
  Value insert_slice(Value source, Value dest,
                     const std::vector<std::int64_t> &starts,
                     const std::vector<std::int64_t> &limits,
                     const std::vector<std::int64_t> &steps);
  Value gather(Value x, Value indices, int axis);
  Value scatter_add(Value dest, Value indices, Value updates, int axis);

private:
  /// x and y broadcast to one shape, numpy's way.
  std::pair<Value, Value> broadcastPair(Value x, Value y);
  template <typename Op> Value binary(Value x, Value y) {
    auto [bx, by] = broadcastPair(x, y);
    return b.create<Op>(loc, bx, by);
  }

  OpBuilder &b;
  Location loc;
  Operation *op;
  PrimalFn getPrimal;
};

static_assert(::npg::rules::Algebra<IrAlgebra>);

} // namespace mlir::npg

#endif // NPG_IR_IRALGEBRA_H
