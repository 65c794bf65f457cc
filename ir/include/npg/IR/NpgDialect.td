//===- NpgDialect.td - The npg dialect ---------------------*- tablegen -*-===//
//
// The dialect, its tensor type constraints and the op base classes shared by
// NpgOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_IR_NPGDIALECT_TD
#define NPG_IR_NPGDIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Npg_Dialect : Dialect {
  let name = "npg";
  let cppNamespace = "::mlir::npg";
  let summary =
      "Numpy-style array operations, as recorded from npg's eager API.";
  let description = [{
    The `npg` dialect holds the operations that npg's tracer records while a
    function runs eagerly: numpy-style elementwise arithmetic, comparisons,
    reductions, shape manipulation and matrix products on tensors. Passes
    differentiate it, fold the reductions that broadcasting's gradients
    create, and lower it to `linalg` on tensors.

    Values are builtin ranked tensors with a static shape and an element type
    of `f32`, `f64`, `i1`, `i32` or `i64`; 0-d tensors (`tensor<f32>`) are
    scalars. There is no implicit broadcasting: the tracer makes it explicit
    with `npg.broadcast_to`, so elementwise operands always have identical
    types. Every op is free of side effects.

    Verifier messages name the types involved, e.g.
    `'npg.matmul' op contraction dimensions differ: lhs tensor<2x3xf32> has
    3, rhs tensor<4x5xf32> has 4`.

    Folding treats `+0.0` and `-0.0` alike (`x + 0.0` folds to `x`), as
    numpy-level code does not rely on the sign of zero.
  }];
  let hasConstantMaterializer = 1;
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

// Static shapes only: traces record concrete shapes, and a new shape is a new
// trace. The element count must also fit in int64: beyond, getNumElements()
// wraps and shape checks (reshape's equal counts) would pass on nonsense.
// (The summary, which diagnostics quote, stays short.)
class Npg_TensorOf<list<Type> allowedTypes, string elementSummary>
    : ShapedContainerType<allowedTypes,
                          And<[IsRankedTensorTypePred, HasStaticShapePred,
                               CPred<"::mlir::npg::hasAddressableSize($_self)">]>,
                          "statically shaped tensor",
                          "::mlir::RankedTensorType"> {
  let summary = "statically shaped tensor of " # elementSummary;
}

def Npg_Tensor : Npg_TensorOf<[F32, F64, I1, I32, I64],
                              "f32, f64, i1, i32 or i64">;
def Npg_FloatTensor : Npg_TensorOf<[F32, F64], "f32 or f64">;
def Npg_BoolTensor : Npg_TensorOf<[I1], "i1">;

//===----------------------------------------------------------------------===//
// Traits
//===----------------------------------------------------------------------===//

// Both traits run before upstream's type traits and InferTypeOpInterface's
// check (traits verify in list order, after the ODS constraints), so a shape
// error is reported once, by a message that prints the types involved.

// Like SameOperandsAndResultType, with a message naming the types.
def Npg_SameOperandsAndResultTypeWithShapes
    : NativeOpTrait<"SameOperandsAndResultTypeWithShapes"> {
  let cppNamespace = "::mlir::npg";
}

// Runs the op's `verifyShapes()` (its shape rule) before the inferred result
// type is compared with the actual one.
def Npg_VerifyShapesFirst
    : NativeOpTrait<"VerifyShapesFirst", [],
                    [{ ::llvm::LogicalResult verifyShapes(); }]> {
  let cppNamespace = "::mlir::npg";
}

//===----------------------------------------------------------------------===//
// Base class
//===----------------------------------------------------------------------===//

class Npg_Op<string mnemonic, list<Trait> traits = []>
    : Op<Npg_Dialect, mnemonic, !listconcat([Pure], traits)>;

#endif // NPG_IR_NPGDIALECT_TD
