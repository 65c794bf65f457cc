//===- Passes.td - npg lowering passes ---*- tablegen -*-===//
//
// From linalg on tensors to loops the JIT compiles well: fusion, BLAS calls
// for large products, vectorisable math.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_LOWERING_PASSES_TD
#define NPG_PASSES_LOWERING_PASSES_TD

include "mlir/Pass/PassBase.td"


def FuseElementwisePass : Pass<"npg-fuse-elementwise"> {
  let summary = "Fuse linalg.generics where no producer's work is repeated";
  let description = [{
    MLIR's linalg-fuse-elementwise-ops (elementwise fusion, reshapes folded
    by expansion, linalg and tensor canonicalisations, constant folding)
    with a different control. A fused producer's body runs once per
    iteration of its consumer, so it fuses only where that does not repeat
    work:

    * a producer that only moves elements (a broadcast, a transpose: its
      body yields its one input) always fuses, into every user;
    * any other fuses when the consumer is its only user and either reads
      each of its elements in one iteration only (the operand's map is a
      projected permutation and every loop it leaves out has extent 1), or
      is all-parallel and the producer's body is plain arithmetic (no
      math-dialect op), cheap to repeat across a broadcast.

    So `matmul(tanh(a), b)` keeps `tanh` as its own loop (fused, it would
    run once per column of the product, and the product would no longer be
    a BLAS call), while a transposed operand fuses into the product as an
    indexing map. For the same reason reshapes are not folded into or out
    of a contraction: a product stays the 2-D (or batched) matmul that
    npg-matmul-to-blas recognises.
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def FuseSiblingsPass : Pass<"npg-fuse-siblings"> {
  let summary = "Merge linalg.generics that read one tensor over the same loops";
  let description = [{
    Runs after npg-fuse-elementwise, on tensors. Two `linalg.generic`s
    in one block are siblings when they have the same static loop ranges,
    one reads an input through the same permutation map as the other, and
    neither depends on the other. A value and its gradient computed
    together (npg-autodiff's value-and-grad) are such a pair: a reduction
    and a map over the same argument. Siblings become one generic in the
    first one's place (what the second needs from in between moves up):
    inputs with the same map are read once, the outputs of both are
    written, and a dimension is a reduction if it is one in either.

    The producers the siblings shared then have one user and fuse into the
    merged op (MLIR's elementwise fusion patterns, which the pass also
    applies, with npg-fuse-elementwise's control), and CSE of its body
    computes what the two had in common once: one loop nest, one pass over
    memory.

    An all-parallel generic whose result feeds another generic is not
    merged with a reduction: the merge would keep it from fusing into that
    consumer. Of the later generics that could be siblings, only the 8
    nearest are tried (a weight every step of a recurrence reads has a
    reader per step; trying all from each would be quadratic in the steps).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def MathApproximationPass : Pass<"npg-math-approximation"> {
  let summary = "Expand math ops into vectorisable polynomial approximations";
  let description = [{
    Applies MLIR's `populateMathPolynomialApproximationPatterns` (upstream
    only exposes them through a test pass): `math.exp`, `math.tanh`,
    `math.log`, `math.sin`, `math.cos`, ... become arithmetic that LLVM can
    vectorise, instead of one scalar libm call per element. NaN stays NaN,
    odd and even functions are symmetric. f32 `math.sin` and `math.cos` are
    reduced and evaluated in f64 (musl's `__rem_pio2f`, `__sindf` and
    `__cosdf`), and f32 `math.tanh` of |x| >= 0.625 is
    `1 - 2 / (exp(2|x|) + 1)` (an odd polynomial below), since upstream's
    forms of these three are off by many ulps (sin and cos far from 0 or
    near a multiple of pi, 1 - |tanh| near saturation).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def MathToLibmPass : Pass<"npg-math-to-libm", "::mlir::ModuleOp"> {
  let summary = "Call libm for the math ops whose LLVM lowering is imprecise";
  let description = [{
    `math.expm1` and `math.log1p` (what is left of them after
    `npg-math-approximation`: float64) become calls to libm's `expm1` and
    `log1p`. `convert-math-to-llvm` would compute them as `exp(x) - 1` and
    `log(1 + x)`, losing the accuracy near 0 that they exist for (and the
    sign of -0). Every other math op is left as it is.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def MatmulToBlasPass : Pass<"npg-matmul-to-blas", "::mlir::ModuleOp"> {
  let summary = "Hand large f32/f64 matrix products on buffers to BLAS";
  let description = [{
    Runs after bufferization. A matmul is a `linalg.generic` with one
    reduction loop k, output indexed by (batch..., i, j), A by i and k and
    B by k and j (each also by batch loops, or by 0 where it broadcasts, in
    any order: a transpose fused into the product permutes them), and body
    `out + a * b`: what convert-npg-to-linalg writes for every matmul.
    Named contractions (`linalg.matmul`, `batch_matmul`, the transposed
    variants) are matched as the generic they generalise to. When the
    element type is `f32` or `f64`, shapes are static and one product has
    `m * n * k >= min-size`, the op becomes an `scf.for` nest over the
    batch loops around one call to `@npg_gemm_f32` / `@npg_gemm_f64` on
    views of the operands (subviews at the batch indices, `memref.transpose`
    where an operand is read column-first), cast to fully dynamic strided
    layouts. The callee is declared `llvm.emit_c_interface`; the JIT
    runtime provides `_mlir_ciface_npg_gemm_*`, which computes `C += A * B`
    with `cblas_?gemm` for any strides. Smaller products stay loops: a BLAS
    call costs about as much as a few thousand multiply-adds.
  }];
  let options = [
    Option<"minSize", "min-size", "int64_t", /*default=*/"4096",
           "Smallest m * n * k handed to BLAS">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"
  ];
}

def OutlineLoopNestsPass : Pass<"npg-outline-loop-nests", "::mlir::ModuleOp"> {
  let summary = "Give each loop nest of a long function a function of its own";
  let description = [{
    Runs after `convert-linalg-to-loops`. LLVM's loop and instruction
    selection passes grow faster than linearly with the size of one
    function (a GPT training step is one function of thousands of loop
    nests: IndVarSimplify and the DAG's store merging took most of its
    compile time), so in a function with at least `min-loop-nests`
    top-level `scf.for` nests, each nest becomes a private function
    `@<function>_nest<i>` called in its place, marked `no_inline` so LLVM
    keeps it apart. Its arguments are the values the nest uses from
    outside; constants are cloned in, and a `memref.alloca` only the nest
    uses moves in with it (a reduction's accumulator must stay a local
    that LLVM keeps in registers). Nests with results are left alone.
    When each memref argument views a buffer of its own (an allocation, a
    global, or an argument of the public function), the function is
    marked `npg.noalias_arguments`, for `npg-noalias-arguments`.
  }];
  let options = [
    Option<"minLoopNests", "min-loop-nests", "unsigned", /*default=*/"16",
           "Fewest top-level loop nests a function needs to be split">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

#endif // NPG_PASSES_LOWERING_PASSES_TD
