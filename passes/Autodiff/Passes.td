//===- Passes.td - npg autodiff pass -----------------------*- tablegen -*-===//

#ifndef NPG_PASSES_AUTODIFF_TD
#define NPG_PASSES_AUTODIFF_TD

include "mlir/Pass/PassBase.td"

def Autodiff : Pass<"npg-autodiff", "mlir::ModuleOp"> {
  let summary = "Generate reverse-mode gradient functions in npg IR";
  let description = [{
    For every `func.func @f` with at least one argument carrying the unit
    attribute `npg.requires_grad`, adds two functions and leaves `@f`
    unchanged:

    * `@f_fwd`: the arguments of `@f`; results are the results of `@f`
      followed by the residuals (forward values the backward needs).
    * `@f_bwd`: arguments are the residuals followed by one gradient per
      result of `@f`; results are one gradient per `npg.requires_grad`
      argument of `@f`, in argument order.

    Gradients of values used several times accumulate; integer and i1
    values are inactive. The backward is plain npg IR, so running the pass
    again on `@f_bwd` gives second derivatives. The new functions are
    canonicalized and CSE'd.

    Forward values that follow from the arguments and constants by
    elementwise ops and broadcasts alone are recomputed in `@f_bwd` (where
    they fuse into the backward's loops) instead of being residuals, unless
    `recompute-elementwise=false`: for such code memory traffic, not
    arithmetic, is the cost.

    With `value-and-grad`, a function whose only result is a float tensor
    of one element (a loss) also gets `@f_value_and_grad`: the arguments
    of `@f`; results are the result of `@f` followed by the gradients
    `@f_bwd` gives for a seed of 1. It is `@f_fwd` and `@f_bwd` in one
    function, simplified, so that the values the backward recomputes are
    the forward's own and value and gradient come out of one sweep. Since
    the gradient is linear in the seed, it serves any seed.
  }];
  let options = [
    Option<"recomputeElementwise", "recompute-elementwise", "bool",
           /*default=*/"true",
           "Recompute elementwise functions of the arguments in the backward "
           "instead of saving them as residuals">,
    Option<"valueAndGrad", "value-and-grad", "bool", /*default=*/"false",
           "Also generate @f_value_and_grad for functions with one scalar "
           "float result">,
  ];
  let dependentDialects = ["mlir::func::FuncDialect", "mlir::npg::NpgDialect"];
}

#endif // NPG_PASSES_AUTODIFF_TD
