//===- NpgInterfaces.td - npg op interfaces ----------------*- tablegen -*-===//
//
// DifferentiableOpInterface: each differentiable op's reverse-mode rule, used
// by the npg-autodiff pass. The rules of all ops live in NpgDerivatives.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_IR_NPGINTERFACES_TD
#define NPG_IR_NPGINTERFACES_TD

include "mlir/IR/OpBase.td"

def Npg_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::mlir::npg";
  let description = [{
    An op with one result whose reverse-mode derivative (vector-Jacobian
    product) can be written in npg ops. Given the adjoint of the result, the
    op builds the adjoint of each operand.

    The adjoints are built where `builder` points, which is in another
    function (the backward function) than the op itself. The rule therefore
    never uses the op's operands or result directly: `getPrimal(v)` maps any
    of them to a value usable at the insertion point (a residual saved by
    the forward function, or a rematerialized constant). Only values the
    rule asks for become residuals.
  }];

  let methods = [
    InterfaceMethod<[{
        Builds the adjoints of the operands from `resultAdjoint` (of the
        result's type). Returns one value per operand, of that operand's
        type, or a null value where the operand gets no gradient: integer or
        `i1` operands (inactive), and zero derivatives (e.g. `npg.sign`).
        Adjoints of operands that do not need one may still be built; the
        pass erases them as dead code.
      }],
      "::llvm::SmallVector<::mlir::Value>", "buildAdjoints",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Value":$resultAdjoint,
           "::llvm::function_ref<::mlir::Value(::mlir::Value)>":$getPrimal)>
  ];
}

#endif // NPG_IR_NPGINTERFACES_TD
