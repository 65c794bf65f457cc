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
  }];
  let options = [
    Option<"recomputeElementwise", "recompute-elementwise", "bool",
           /*default=*/"true",
           "Recompute elementwise functions of the arguments in the backward "
           "instead of saving them as residuals">,
  ];
  let dependentDialects = ["mlir::func::FuncDialect", "mlir::npg::NpgDialect"];
}

#endif // NPG_PASSES_AUTODIFF_TD
