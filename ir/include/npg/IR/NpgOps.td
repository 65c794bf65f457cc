//===- NpgOps.td - npg dialect operations ------------------*- tablegen -*-===//
//
// The ops npg's tracer records. Each op's shape rule lives in NpgOps.cpp and
// serves both its verifier and its result type inference; each differentiable
// op's derivative rule (Npg_Differentiable) lives in NpgDerivatives.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_IR_NPGOPS_TD
#define NPG_IR_NPGOPS_TD

include "npg/IR/NpgDialect.td"
include "npg/IR/NpgInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Ops with a reverse-mode rule in NpgDerivatives.cpp.
defvar Npg_Differentiable =
    DeclareOpInterfaceMethods<Npg_DifferentiableOpInterface>;

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

def Npg_ConstantOp : Npg_Op<"constant", [ConstantLike, Npg_VerifyShapesFirst,
                                         InferTypeOpAdaptor]> {
  let summary = "tensor constant";
  let description = [{
    Produces a tensor whose type and elements are those of the `value`
    attribute: a dense elements attribute (or any `ElementsAttr`, e.g. a
    `dense_resource` blob for large weights).

    Example:

    ```mlir
    %c = npg.constant dense<1.0> : tensor<f32>
    %w = npg.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
    ```
  }];

  let arguments = (ins ElementsAttr:$value);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops
//===----------------------------------------------------------------------===//

class Npg_BinaryOp<string mnemonic, string expr, string details,
                   list<Trait> traits = []>
    : Npg_Op<mnemonic, !listconcat([Npg_SameOperandsAndResultTypeWithShapes,
                                    Elementwise, SameOperandsAndResultType,
                                    Npg_Differentiable],
                                   traits)> {
  let summary = "elementwise `" # expr # "`";
  let description = "Computes `" # expr # "` element by element. Both "
    # "operands and the result have the same type; broadcasting is explicit "
    # "(`npg.broadcast_to`). " # details # "\n\nExample:\n\n```mlir\n"
    # "%r = npg." # mnemonic # " %a, %b : tensor<2x3xf32>\n```\n";

  let arguments = (ins Npg_Tensor:$lhs, Npg_Tensor:$rhs);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($result)";
  let hasFolder = 1;
}

def Npg_AddOp : Npg_BinaryOp<"add", "lhs + rhs",
    "Folds `x + 0` and `0 + x` to `x` for a splat zero constant.",
    [Commutative]>;
def Npg_SubOp : Npg_BinaryOp<"sub", "lhs - rhs",
    "Folds `x - 0` to `x` for a splat zero constant.">;
def Npg_MulOp : Npg_BinaryOp<"mul", "lhs * rhs",
    "Folds `x * 1` and `1 * x` to `x` for a splat one constant.",
    [Commutative]>;
def Npg_DivOp : Npg_BinaryOp<"div", "lhs / rhs",
    "Integers divide truncating toward zero, as in C++ (the eager API "
    # "divides in floating point, so traces divide floats). Folds `x / 1` "
    # "to `x`.">;
def Npg_PowOp : Npg_BinaryOp<"pow", "lhs ** rhs",
    "Raises each element of `lhs` to the power of the matching element of "
    # "`rhs`.">;
def Npg_MaximumOp : Npg_BinaryOp<"maximum", "maximum(lhs, rhs)",
    "As `numpy.maximum`: NaN if either element is NaN.", [Commutative]>;
def Npg_MinimumOp : Npg_BinaryOp<"minimum", "minimum(lhs, rhs)",
    "As `numpy.minimum`: NaN if either element is NaN.", [Commutative]>;

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class Npg_UnaryOp<string mnemonic, string expr, Type type, string details>
    : Npg_Op<mnemonic, [Npg_SameOperandsAndResultTypeWithShapes, Elementwise,
                        SameOperandsAndResultType, Npg_Differentiable]> {
  let summary = "elementwise `" # expr # "`";
  let description = "Computes `" # expr # "` for every element `x`; the "
    # "result has the operand's type." # !if(!empty(details), "", " " # details)
    # "\n\nExample:\n\n"
    # "```mlir\n%y = npg." # mnemonic # " %x : tensor<2x3xf32>\n```\n";

  let arguments = (ins type:$input);
  let results = (outs type:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def Npg_NegOp : Npg_UnaryOp<"neg", "-x", Npg_Tensor, "">;
def Npg_AbsOp : Npg_UnaryOp<"abs", "abs(x)", Npg_Tensor, "">;
def Npg_SignOp : Npg_UnaryOp<"sign", "sign(x)", Npg_Tensor,
    "-1, 0 or 1 as `numpy.sign`; NaN stays NaN.">;
def Npg_ReluOp : Npg_UnaryOp<"relu", "max(x, 0)", Npg_Tensor, "">;
def Npg_ExpOp : Npg_UnaryOp<"exp", "exp(x)", Npg_FloatTensor, "Floats only.">;
def Npg_LogOp : Npg_UnaryOp<"log", "log(x)", Npg_FloatTensor,
    "Natural logarithm; floats only.">;
def Npg_Log1pOp : Npg_UnaryOp<"log1p", "log(1 + x)", Npg_FloatTensor,
    "Accurate for small x, as `numpy.log1p`; floats only.">;
def Npg_Expm1Op : Npg_UnaryOp<"expm1", "exp(x) - 1", Npg_FloatTensor,
    "Accurate for small x, as `numpy.expm1`; floats only.">;
def Npg_SqrtOp : Npg_UnaryOp<"sqrt", "sqrt(x)", Npg_FloatTensor,
    "Floats only.">;
def Npg_TanhOp : Npg_UnaryOp<"tanh", "tanh(x)", Npg_FloatTensor,
    "Floats only.">;
def Npg_SigmoidOp : Npg_UnaryOp<"sigmoid", "1 / (1 + exp(-x))",
    Npg_FloatTensor, "Floats only.">;
def Npg_SinOp : Npg_UnaryOp<"sin", "sin(x)", Npg_FloatTensor, "Floats only.">;
def Npg_CosOp : Npg_UnaryOp<"cos", "cos(x)", Npg_FloatTensor, "Floats only.">;
def Npg_TanOp : Npg_UnaryOp<"tan", "tan(x)", Npg_FloatTensor, "Floats only.">;
def Npg_FloorOp : Npg_UnaryOp<"floor", "floor(x)", Npg_FloatTensor,
    "Floats only.">;
def Npg_CeilOp : Npg_UnaryOp<"ceil", "ceil(x)", Npg_FloatTensor,
    "Floats only.">;
def Npg_RoundOp : Npg_UnaryOp<"round", "round(x)", Npg_FloatTensor,
    "Rounds half to even, as `numpy.round`; floats only.">;
def Npg_SoftplusOp : Npg_UnaryOp<"softplus", "log(1 + exp(x))",
    Npg_FloatTensor, "Computed as `max(x, 0) + log1p(exp(-|x|))`, which "
    # "never overflows; its derivative is `sigmoid(x)`. Floats only.">;
def Npg_GeluOp : Npg_UnaryOp<"gelu",
    "0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))", Npg_FloatTensor,
    "GELU's tanh approximation, with PyTorch's constants and order of "
    # "operations. Floats only.">;

def Npg_ClipOp : Npg_Op<"clip", [Npg_SameOperandsAndResultTypeWithShapes,
                                 Elementwise, SameOperandsAndResultType,
                                 Npg_Differentiable]> {
  let summary = "elementwise `minimum(maximum(x, lo), hi)`";
  let description = [{
    As `numpy.clip` with either bound optional (at least one is given): NaN
    stays NaN, and `lo > hi` gives `hi`. The bounds are `f64` attributes,
    converted to the element type (integers truncate). Its derivative is
    PyTorch's `clamp`'s: the gradient passes where `lo <= x <= hi` (the
    closed interval) and is 0 elsewhere and at NaN.

    Example:

    ```mlir
    %r = npg.clip %x lo = 0.0 hi = 1.0 : tensor<3xf32>
    %s = npg.clip %x hi = 6.0 : tensor<3xf32>
    ```
  }];

  let arguments = (ins Npg_Tensor:$input, OptionalAttr<F64Attr>:$lo,
                       OptionalAttr<F64Attr>:$hi);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = [{
    $input (`lo` `=` $lo^)? (`hi` `=` $hi^)? attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// CompareOp, SelectOp, CastOp
//===----------------------------------------------------------------------===//

def Npg_CompareModeAttr : I64EnumAttr<"CompareMode",
    "comparison predicate of npg.compare", [
      I64EnumAttrCase<"eq", 0>,
      I64EnumAttrCase<"ne", 1>,
      I64EnumAttrCase<"lt", 2>,
      I64EnumAttrCase<"le", 3>,
      I64EnumAttrCase<"gt", 4>,
      I64EnumAttrCase<"ge", 5>,
    ]> {
  let cppNamespace = "::mlir::npg";
}

def Npg_CompareOp : Npg_Op<"compare", [Npg_VerifyShapesFirst, Elementwise,
                                       SameTypeOperands, InferTypeOpAdaptor]> {
  let summary = "elementwise comparison";
  let description = [{
    Compares `lhs` and `rhs` element by element with `predicate` (`eq`, `ne`,
    `lt`, `le`, `gt`, `ge`) and yields an `i1` tensor of the same shape.
    Operands have identical types. Floats compare as IEEE 754 (ordered, so
    any comparison with NaN is false except `ne`); integers compare signed;
    `i1` compares `false < true`.

    Example:

    ```mlir
    %r = npg.compare gt, %a, %b : tensor<3xf32>
    ```
  }];

  let arguments = (ins Npg_CompareModeAttr:$predicate, Npg_Tensor:$lhs,
                       Npg_Tensor:$rhs);
  let results = (outs Npg_BoolTensor:$result);
  let assemblyFormat = "$predicate `,` $lhs `,` $rhs attr-dict `:` type($lhs)";
}

def Npg_SelectOp : Npg_Op<"select", [Npg_VerifyShapesFirst, Elementwise,
                                     InferTypeOpAdaptor,
                                     Npg_Differentiable]> {
  let summary = "elementwise choice between two tensors";
  let description = [{
    Yields `true_value`'s element where `cond` is true and `false_value`'s
    element elsewhere, as `numpy.where`. `cond` is an `i1` tensor of the
    values' shape; both values and the result have the same type. Folds when
    `cond` is a splat constant or both values are the same.

    Example:

    ```mlir
    %r = npg.select %cond, %a, %b : tensor<3xi1>, tensor<3xf32>
    ```
  }];

  let arguments = (ins Npg_BoolTensor:$cond, Npg_Tensor:$true_value,
                       Npg_Tensor:$false_value);
  let results = (outs Npg_Tensor:$result);
  // The printed form names the values' type once.
  let assemblyFormat = [{
    $cond `,` $true_value `,` $false_value attr-dict `:`
    custom<SelectTypes>(type($cond), type($true_value), type($false_value))
  }];
  let hasFolder = 1;
}

def Npg_CastOp : Npg_Op<"cast", [Npg_VerifyShapesFirst, Elementwise,
                                 Npg_Differentiable]> {
  let summary = "elementwise element type conversion";
  let description = [{
    Converts every element to the result's element type; the shape stays.
    As numpy's `astype`: float to integer truncates toward zero, anything
    to `i1` is `x != 0`, `i1` to a number is 0 or 1, integers widen signed.
    Folds away when the types are equal.

    Example:

    ```mlir
    %r = npg.cast %x : tensor<3xf32> to tensor<3xf64>
    ```
  }];

  let arguments = (ins Npg_Tensor:$input);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// StopGradientOp
//===----------------------------------------------------------------------===//

def Npg_StopGradientOp : Npg_Op<"stop_gradient", [SameOperandsAndResultType,
                                                  Npg_Differentiable]> {
  let summary = "identity whose gradient is zero";
  let description = [{
    Returns its operand unchanged, but `npg-autodiff` passes no gradient
    through it: what eager `detach()` and `astype()` do to the autograd
    graph. It has no folder, so it survives until autodiff has run; the
    lowering then replaces it with its operand.

    Example:

    ```mlir
    %r = npg.stop_gradient %x : tensor<3xf32>
    ```
  }];

  let arguments = (ins Npg_Tensor:$input);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// BroadcastToOp
//===----------------------------------------------------------------------===//

def Npg_BroadcastToOp : Npg_Op<"broadcast_to", [Npg_VerifyShapesFirst,
                                                 Npg_Differentiable]> {
  let summary = "broadcast a tensor to a larger shape";
  let description = [{
    Broadcasts `input` to the result type, as `stablehlo.broadcast_in_dim`:
    `dimensions[i]` is the result dimension that input dimension `i` maps to.
    The map is strictly increasing, and each input dimension is either 1
    (repeated along the result dimension) or equal to the result dimension.
    Result dimensions not in the map are new. numpy's right-aligned
    broadcasting of rank `k` to rank `r` is `dimensions = [r-k, ..., r-1]`.
    The element type stays.

    Folds to the input when the types are equal, composes with a
    `broadcast_to` producing its input, and broadcasts splat constants.

    Example:

    ```mlir
    %r = npg.broadcast_to %x, dims = [1] : tensor<3xf32> to tensor<2x3xf32>
    ```
  }];

  let arguments = (ins Npg_Tensor:$input, DenseI64ArrayAttr:$dimensions);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = [{
    $input `,` `dims` `=` $dimensions attr-dict `:` type($input) `to`
    type($result)
  }];
  let builders = [
    // numpy broadcasting: `input`'s dimensions align with the trailing ones
    // of `shape`.
    OpBuilder<(ins "::mlir::Value":$input, "::llvm::ArrayRef<int64_t>":$shape)>
  ];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Npg_ReduceOp<string mnemonic, string what, Type type = Npg_Tensor>
    : Npg_Op<mnemonic, [Npg_VerifyShapesFirst, InferTypeOpAdaptor,
                        Npg_Differentiable]> {
  let summary = what # " over the given axes";
  let description = "Reduces `input` with " # what # " over `axes`.\n" # [{
`axes` are non-negative, strictly increasing and in range; an empty list
reduces nothing. With `keepdims` the reduced dimensions stay, with size 1,
otherwise they are dropped (reducing every axis gives a 0-d tensor). The
result type is inferred from the input type and the attributes, and the
element type stays. Folds to the input when the result type equals the input
type (no axes, or only size-1 axes with `keepdims`).

Example:

```mlir
%r = npg.}] # mnemonic # [{ %x, axes = [0, 2], keepdims = false : tensor<2x3x4xf32> -> tensor<3xf32>
```
}];

  let arguments = (ins type:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "false">:$keepdims);
  let results = (outs type:$result);
  let assemblyFormat = [{
    $input `,` `axes` `=` $axes `,` `keepdims` `=` $keepdims attr-dict `:`
    type($input) `->` type($result)
  }];
  let hasFolder = 1;
}

def Npg_ReduceSumOp : Npg_ReduceOp<"reduce_sum", "a sum">;
def Npg_ReduceMaxOp : Npg_ReduceOp<"reduce_max", "the maximum">;
def Npg_ReduceMinOp : Npg_ReduceOp<"reduce_min", "the minimum">;
def Npg_ReduceProdOp : Npg_ReduceOp<"reduce_prod", "a product">;

//===----------------------------------------------------------------------===//
// LinearScanOp
//===----------------------------------------------------------------------===//

def Npg_LinearScanOp : Npg_Op<"linear_scan", [Npg_VerifyShapesFirst,
                                              SameOperandsAndResultType,
                                              Npg_Differentiable]> {
  let summary = "first-order linear recurrence along an axis";
  let description = [{
    Along `axis` (`0 <= axis < rank`), with `a` the coefficients and `b` the
    input: `s[0] = b[0]` and `s[i] = a[i] * s[i-1] + b[i]`; with `reverse`
    the recurrence runs from the end (`s[n-1] = b[n-1]`, `s[i] = a[i] *
    s[i+1] + b[i]`). The first coefficient in scan order is not read. With
    `strong_zero` a zero coefficient ends the chain: its term is 0 even where
    the carried value is infinite or NaN (what an adjoint needs, where a zero
    factor removes every later term).

    numpy's running sum is `linear_scan(1, x)` and its running product
    `linear_scan(x, [x[0], -0, -0, ...])`; the derivative of a linear scan
    is a linear scan the other way, so both gradients are exact (no
    division, zeros included). f32 values are carried in f64, as the eager
    kernels do. Numbers only, not `i1`.

    Example:

    ```mlir
    %s = npg.linear_scan %a, %b, axis = 1, reverse = false, strong_zero = false : tensor<2x3xf32>
    ```
  }];

  let arguments = (ins Npg_Tensor:$coefficients, Npg_Tensor:$input,
                       I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$reverse,
                       DefaultValuedAttr<BoolAttr, "false">:$strong_zero);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = [{
    $coefficients `,` $input `,` `axis` `=` $axis `,` `reverse` `=` $reverse
    `,` `strong_zero` `=` $strong_zero attr-dict `:` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// ArgMaxOp, ArgMinOp
//===----------------------------------------------------------------------===//

class Npg_ArgReduceOp<string mnemonic, string what>
    : Npg_Op<mnemonic, [Npg_VerifyShapesFirst, InferTypeOpAdaptor]> {
  let summary = "index of " # what # " along an axis";
  let description = "The index (`i64`) of " # what # " of `input` along "
    # "`axis` (`0 <= axis < rank`, a dimension of at least one element), as "
    # "numpy's `" # mnemonic # "`: the first one where several are equal, the "
    # "first NaN where there is one; `i1` orders `false < true`. With "
    # "`keepdims` the axis stays, with size 1, otherwise it is dropped. No "
    # "derivative.\n\nExample:\n\n```mlir\n%r = npg." # mnemonic
    # " %x, axis = 1, keepdims = false : tensor<2x3xf32> -> tensor<2xi64>\n```\n";

  let arguments = (ins Npg_Tensor:$input, I64Attr:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$keepdims);
  let results = (outs Npg_TensorOf<[I64], "i64">:$result);
  let assemblyFormat = [{
    $input `,` `axis` `=` $axis `,` `keepdims` `=` $keepdims attr-dict `:`
    type($input) `->` type($result)
  }];
}

def Npg_ArgMaxOp : Npg_ArgReduceOp<"argmax", "the maximum">;
def Npg_ArgMinOp : Npg_ArgReduceOp<"argmin", "the minimum">;

//===----------------------------------------------------------------------===//
// Composite reductions: each has its own derivative rule (the eager
// library's), and npg-decompose expands it into the ops above once
// npg-autodiff has run.
//===----------------------------------------------------------------------===//

def Npg_ReduceMeanOp : Npg_ReduceOp<"reduce_mean",
    "the mean (a sum divided by the count)", Npg_FloatTensor>;
def Npg_LogSumExpOp : Npg_ReduceOp<"logsumexp",
    "`log(sum(exp(x)))`, computed as `m + log(sum(exp(x - m)))` with `m` the "
    # "maximum (taken as 0 where it is infinite)", Npg_FloatTensor>;

class Npg_VarianceOp<string mnemonic, string what>
    : Npg_Op<mnemonic, [Npg_VerifyShapesFirst, InferTypeOpAdaptor,
                        Npg_Differentiable]> {
  let summary = what # " over the given axes";
  let description = "The " # what # " of `input` over `axes`: the squared "
    # "deviations from the mean, summed, divided by `N - ddof` (`N` the "
    # "elements per output), as numpy's `var`" # !if(!eq(mnemonic, "std"),
    ", then its square root. Its derivative is 0 where the result is 0, "
    # "as PyTorch's.", ".") # " `axes` and `keepdims` follow the reductions' "
    # "rules; floats only.\n\nExample:\n\n```mlir\n%r = npg." # mnemonic
    # " %x, axes = [1], ddof = 1, keepdims = false : tensor<2x3xf32> -> "
    # "tensor<2xf32>\n```\n";

  let arguments = (ins Npg_FloatTensor:$input, DenseI64ArrayAttr:$axes,
                       I64Attr:$ddof,
                       DefaultValuedAttr<BoolAttr, "false">:$keepdims);
  let results = (outs Npg_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` `axes` `=` $axes `,` `ddof` `=` $ddof `,` `keepdims` `=`
    $keepdims attr-dict `:` type($input) `->` type($result)
  }];
}

def Npg_VarOp : Npg_VarianceOp<"var", "variance">;
def Npg_StdOp : Npg_VarianceOp<"std", "standard deviation">;

class Npg_SoftmaxLikeOp<string mnemonic, string what>
    : Npg_Op<mnemonic, [Npg_VerifyShapesFirst, SameOperandsAndResultType,
                        Npg_Differentiable]> {
  let summary = what # " along an axis";
  let description = what # " of `input` along `axis` (`0 <= axis < rank`), "
    # "computed as PyTorch does, the maximum subtracted first. The result has "
    # "the input's type; floats only.\n\nExample:\n\n```mlir\n%r = npg."
    # mnemonic # " %x, axis = 1 : tensor<2x3xf32>\n```\n";

  let arguments = (ins Npg_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Npg_FloatTensor:$result);
  let assemblyFormat = "$input `,` `axis` `=` $axis attr-dict `:` type($result)";
}

def Npg_SoftmaxOp : Npg_SoftmaxLikeOp<"softmax", "`exp(x) / sum(exp(x))`">;
def Npg_LogSoftmaxOp : Npg_SoftmaxLikeOp<"log_softmax",
    "`x - log(sum(exp(x)))`">;

//===----------------------------------------------------------------------===//
// ReshapeOp, TransposeOp
//===----------------------------------------------------------------------===//

def Npg_ReshapeOp : Npg_Op<"reshape", [Npg_VerifyShapesFirst,
                                       Npg_Differentiable]> {
  let summary = "reinterpret a tensor's elements with a new shape";
  let description = [{
    Gives the elements of `input`, in row-major order, the result's shape.
    The element count and the element type stay. Folds to the input when the
    types are equal, merges a reshape of a reshape into one, and reshapes
    dense constants.

    Example:

    ```mlir
    %r = npg.reshape %x : tensor<2x3xf32> to tensor<6xf32>
    ```
  }];

  let arguments = (ins Npg_Tensor:$input);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let builders = [
    // Keeps the input's element type.
    OpBuilder<(ins "::mlir::Value":$input, "::llvm::ArrayRef<int64_t>":$shape)>
  ];
  let hasFolder = 1;
}

def Npg_TransposeOp : Npg_Op<"transpose", [Npg_VerifyShapesFirst,
                                           InferTypeOpAdaptor,
                                           Npg_Differentiable]> {
  let summary = "permute a tensor's dimensions";
  let description = [{
    As `numpy.transpose(x, permutation)`: result dimension `i` is input
    dimension `permutation[i]`, so the result shape is
    `[shape[permutation[0]], ..., shape[permutation[r-1]]]`. `permutation`
    is a permutation of `0 .. r-1`. The result type is inferred. The identity
    permutation folds away, and a transpose of a transpose becomes one.

    Example:

    ```mlir
    %r = npg.transpose %x, perm = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
    ```
  }];

  let arguments = (ins Npg_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = [{
    $input `,` `perm` `=` $permutation attr-dict `:` type($input) `->`
    type($result)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

def Npg_MatmulOp : Npg_Op<"matmul", [Npg_VerifyShapesFirst,
                                     InferTypeOpAdaptor,
                                     Npg_Differentiable]> {
  let summary = "matrix product with numpy's matmul rules";
  let description = [{
    As `numpy.matmul`: both operands have rank 1 or more and the same element
    type. The last two dimensions are the matrices: `lhs` is `[..., n, k]`,
    `rhs` is `[..., k, m]`, and the leading (batch) dimensions broadcast as
    numpy does. A 1-D `lhs` of size `k` acts as `[1, k]` and a 1-D `rhs` as
    `[k, 1]`; the added dimension is dropped from the result, so a vector dot
    product gives a 0-d tensor. The result type is inferred.

    Example:

    ```mlir
    %r = npg.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
    %v = npg.matmul %a, %x : tensor<5x2x3xf32>, tensor<3xf32> -> tensor<5x2xf32>
    ```
  }];

  let arguments = (ins Npg_Tensor:$lhs, Npg_Tensor:$rhs);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

def Npg_SliceOp : Npg_Op<"slice", [Npg_VerifyShapesFirst,
                                   InferTypeOpAdaptor,
                                   Npg_Differentiable]> {
  let summary = "strided slice with Python range semantics";
  let description = [{
    Takes, along every dimension `d` of size `n`, the indices
    `range(starts[d], limits[d], steps[d])`: the result dimension is the
    length of that range. Each attribute has one entry per dimension. The
    bounds are already normalized (no negative indices counting from the
    end): `steps[d] != 0`; with a positive step
    `0 <= starts[d] <= limits[d] <= n`; with a negative step
    `-1 <= limits[d] <= starts[d] <= n - 1`, where a limit of -1 means
    "through index 0". The result type is inferred. A slice that takes every
    element in order folds to its input.

    Example:

    ```mlir
    // x[0:2, ::-1] of a 4x3 tensor.
    %r = npg.slice %x, starts = [0, 2], limits = [2, -1], steps = [1, -1]
        : tensor<4x3xf32> -> tensor<2x3xf32>
    ```
  }];

  let arguments = (ins Npg_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$limits, DenseI64ArrayAttr:$steps);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = [{
    $input `,` `starts` `=` $starts `,` `limits` `=` $limits `,` `steps` `=`
    $steps attr-dict `:` type($input) `->` type($result)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// InsertSliceOp
//===----------------------------------------------------------------------===//

def Npg_InsertSliceOp
    : Npg_Op<"insert_slice", [Npg_VerifyShapesFirst,
                              AllTypesMatch<["dest", "result"]>,
                              Npg_Differentiable]> {
  let summary = "write a tensor into a strided slice of another";
  let description = [{
    The inverse placement of `npg.slice`: the result is `dest` with the
    elements that `npg.slice %dest, starts, limits, steps` would take
    replaced by the elements of `source`, in the same order. `starts`,
    `limits` and `steps` follow `npg.slice`'s rules (normalized Python
    ranges, negative steps allowed), and `source`'s type is the type that
    slice would have. The result has `dest`'s type. The gradient of
    `npg.slice` is `source` inserted into zeros.

    Folds to `source` when the slice covers `dest` in order.

    Example:

    ```mlir
    // y = x.copy(); y[1:4:2, ::-1] = s, for a 4x3 x.
    %y = npg.insert_slice %s into %x, starts = [1, 2], limits = [4, -1],
        steps = [2, -1] : tensor<2x3xf32> into tensor<4x3xf32>
    ```
  }];

  let arguments = (ins Npg_Tensor:$source, Npg_Tensor:$dest,
                       DenseI64ArrayAttr:$starts, DenseI64ArrayAttr:$limits,
                       DenseI64ArrayAttr:$steps);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = [{
    $source `into` $dest `,` `starts` `=` $starts `,` `limits` `=` $limits `,`
    `steps` `=` $steps attr-dict `:` type($source) `into` type($dest)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

def Npg_ConcatOp : Npg_Op<"concat", [Npg_VerifyShapesFirst,
                                     InferTypeOpAdaptor,
                                     Npg_Differentiable]> {
  let summary = "join tensors along an existing axis";
  let description = [{
    As `numpy.concatenate(inputs, axis)`: one or more tensors of the same
    rank (at least 1) and element type, equal in every dimension but `axis`,
    joined along `axis`. The result type is inferred. A single input folds
    away.

    Example:

    ```mlir
    %r = npg.concat %a, %b, axis = 0 : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<3x3xf32>
    ```
  }];

  let arguments = (ins Variadic<Npg_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Npg_Tensor:$result);
  // `axis` follows the operand list, so the list needs a custom parser.
  let assemblyFormat = [{
    custom<ConcatInputs>($inputs, $axis) attr-dict `:` type($inputs) `->`
    type($result)
  }];
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// RandomUniformOp
//===----------------------------------------------------------------------===//

// A 0-d i64 tensor, which the printed form leaves implicit.
def Npg_I64Scalar : 0DTensorOf<[I64]> {
  let builderCall = "::mlir::RankedTensorType::get({}, $_builder.getI64Type())";
}

def Npg_RandomUniformOp : Npg_Op<"random_uniform"> {
  let summary = "uniform random numbers in [0, 1) from a counter-based generator";
  let description = [{
    Fills the result with uniform random numbers in `[0, 1)`: element `i`
    (counting in row-major order) comes from the Philox4x32-10 block of key
    `seed` (its low, high 32 bits) and counter `(low, high 32 bits of
    offset + i, 0, 0)`, with `seed` and `offset` read as unsigned 64-bit
    integers and the sum wrapping. An `f64` element is the block's top 53
    bits of `w1:w0` times `2^-53`, an `f32` element the top 24 bits of `w0`
    times `2^-24`: exact, so eager `npg::random::rand` (which draws the same
    way, see `npg/rules/Random.h`) gives the same numbers for the same seed
    and offset.

    `seed` and `offset` are runtime values, so one compiled function draws
    fresh numbers at every call; equal operands give equal results, so the
    op is pure (CSE may merge two draws at the same offset). It has no
    derivative.

    Example:

    ```mlir
    %u = npg.random_uniform %seed, %offset : tensor<4x3xf32>
    ```
  }];

  let arguments = (ins Npg_I64Scalar:$seed, Npg_I64Scalar:$offset);
  let results = (outs Npg_FloatTensor:$result);
  let assemblyFormat = "$seed `,` $offset attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// GatherOp, ScatterAddOp
//===----------------------------------------------------------------------===//

def Npg_IndexTensor : Npg_TensorOf<[I32, I64], "i32 or i64">;

def Npg_GatherOp : Npg_Op<"gather", [Npg_VerifyShapesFirst,
                                     InferTypeOpAdaptor,
                                     Npg_Differentiable]> {
  let summary = "take slices along an axis at integer indices";
  let description = [{
    As `numpy.take(input, indices, axis)`: `indices` is an `i32` or `i64`
    tensor of any shape, and the result, of shape
    `input.shape[:axis] + indices.shape + input.shape[axis+1:]`, holds
    `result[o..., j..., i...] = input[o..., indices[j...], i...]`. `input`
    has rank 1 or more and `0 <= axis < rank`; the element type stays and
    the result type is inferred. A negative index counts from the end, as in
    numpy. The eager op rejects indices outside `[-n, n)` before a trace is
    recorded; compiled code cannot throw, so the lowering clamps such
    indices into range rather than read out of bounds.

    Its derivative is `npg.scatter_add` of the result's adjoint into zeros
    of `input`'s type (repeated indices accumulate).

    Example:

    ```mlir
    %r = npg.gather %x, %i, axis = 0 : tensor<3x2xf32>, tensor<4xi64> -> tensor<4x2xf32>
    ```
  }];

  let arguments = (ins Npg_Tensor:$input, Npg_IndexTensor:$indices,
                       I64Attr:$axis);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $indices `,` `axis` `=` $axis attr-dict `:` type($input) `,`
    type($indices) `->` type($result)
  }];
}

def Npg_ScatterAddOp
    : Npg_Op<"scatter_add", [Npg_VerifyShapesFirst,
                             AllTypesMatch<["dest", "result"]>,
                             Npg_Differentiable]> {
  let summary = "add slices into a tensor at integer indices along an axis";
  let description = [{
    The adjoint of `npg.gather`: the result is `dest` with every slice of
    `updates` added at the position `indices` names along `axis`,
    `result[o..., indices[j...], i...] += updates[o..., j..., i...]`, so
    repeated indices accumulate (on `i1`, add is or). `updates` has the type
    `npg.gather %dest, %indices, axis` would have; indices follow
    `npg.gather`'s rules (negative ones count from the end, the lowering
    clamps any outside `[-n, n)`). The result has `dest`'s type.

    Its derivative passes the adjoint to `dest` unchanged and gathers it at
    `indices` for `updates`; `indices` get none.

    Example:

    ```mlir
    %r = npg.scatter_add %u into %x at %i, axis = 0
        : tensor<4x2xf32>, tensor<4xi64> into tensor<3x2xf32>
    ```
  }];

  let arguments = (ins Npg_Tensor:$dest, Npg_IndexTensor:$indices,
                       Npg_Tensor:$updates, I64Attr:$axis);
  let results = (outs Npg_Tensor:$result);
  let assemblyFormat = [{
    $updates `into` $dest `at` $indices `,` `axis` `=` $axis attr-dict `:`
    type($updates) `,` type($indices) `into` type($dest)
  }];
}

#endif // NPG_IR_NPGOPS_TD
