//===- Passes.td - npg lowering passes ---------------------*- tablegen -*-===//
//
// From npg dialect IR to linalg on tensors, and the small helper passes the
// npg-pipeline needs on the way to LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_LOWERING_PASSES_TD
#define NPG_PASSES_LOWERING_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldBroadcastReducePass : Pass<"npg-fold-broadcast-reduce"> {
  let summary = "Fold sums over broadcast axes and chains of shape ops";
  let description = [{
    The gradient of a broadcast is a sum over the broadcast axes, so
    gradients are full of `reduce_sum(... broadcast_to ...)`. This pass
    rewrites those sums onto the small operand, so that nothing is
    broadcast only to be summed again, and tidies the shape ops around them.
    A dimension is *stretched* by `broadcast_to` when it is new or was size
    1 in the input and is larger in the result: along it the value is
    constant. The patterns, each an identity of exact arithmetic:

    * `reduce_sum(broadcast_to(x), A)`: along a stretched axis in `A` every
      term is the same, so that part of the sum is a product by the axis'
      extent; along the other axes of `A` the sum runs over `x` itself.
      Becomes `broadcast_to(reshape?(reduce_sum(x, A', keepdims) * count))`
      with `A'` the dimensions of `x` landing on `A` and `count` the product
      of the stretched extents in `A` (exactly the broadcast axes: `x *
      count`; a superset: `x` reduced and multiplied; a subset: what is left
      of the broadcast stays as a smaller broadcast). Not for `i1`.
    * `reduce_sum(broadcast_to(w) * y, A)` when every axis of `A` is
      stretched (w is constant along `A`): `broadcast_to(w') *
      reduce_sum(y, A)`, the factor taken out of the sum (the seed of a
      sum's gradient times the other operand, summed back to a parameter's
      shape). Likewise `reduce_sum(y / broadcast_to(w), A)` for floats. Only
      when the product has no other use. A broadcast feeding elementwise
      work without a reduction (`x * broadcast_to(w)`) is left alone: the
      lowering turns it into an indexing map.
    * `R(R(x, a), b)` for one of reduce_sum/max/min, the inner one used only
      there: one reduction over `a` and `b` mapped through the dimensions
      the inner one dropped (a reshape restores mixed keepdims).
    * A reduction over size-1 axes only: a reshape (a view).
    * `reshape(R(x, A, keepdims = true))` to the keepdims = false type:
      `R(x, A, keepdims = false)`.
    * `broadcast_to(reshape(x))` where the reshape only inserts size-1
      dimensions, and `reshape(broadcast_to(x))` where it only inserts or
      removes size-1 dimensions that `x` does not land on: one
      `broadcast_to`.
    * A transpose that keeps every dimension larger than 1 in order: a
      reshape.

    The npg folders run too (the greedy driver applies them): reshape of
    reshape, transpose of transpose, broadcast of broadcast, reductions
    over no axes, splat constants through shape ops.
  }];
  let dependentDialects = ["::mlir::npg::NpgDialect"];
}

def ConvertNpgToLinalgPass : Pass<"convert-npg-to-linalg"> {
  let summary = "Lower npg ops to linalg, tensor, arith and math";
  let description = [{
    Every npg op becomes linalg/tensor/arith/math on tensors:

    * Elementwise ops (binary, unary, `compare`, `select`, `cast`),
      `broadcast_to` and `transpose` are all-parallel `linalg.generic`s. A
      broadcast is only an input indexing map (new dimensions dropped,
      stretched ones pinned to 0), so after npg-fuse-elementwise the
      consumer reads the small operand directly and no buffer of the
      broadcast size exists.
    * Reductions are `linalg.generic`s with reduction iterators over a
      `linalg.fill`ed accumulator (sum 0; max -inf / INT_MIN / false; min
      +inf / INT_MAX / true); keepdims re-inserts the unit dimensions with
      `tensor.expand_shape`. float32 sums accumulate in float64, as the
      eager kernel does. max/min propagate NaN (`arith.maximumf`).
    * `matmul` is one `linalg.generic` over (batch..., i, k, j) with body
      `out + a * b` (the inner loop runs along rows of the right operand and
      the result, which vectorises; npg-matmul-to-blas hands large float
      ones to BLAS); batch dimensions broadcast through the maps, 1-D
      operands are reshaped to a row / column and back.
    * `reshape` is `tensor.collapse_shape` / `expand_shape` (through 1-D
      when no single reassociation relates the shapes); `slice` is
      `tensor.extract_slice` with positive steps and a generic reading
      `start + step * i` otherwise; `concat` and `insert_slice` are
      `tensor.insert_slice`s (a splat destination becomes a fill, negative
      steps reverse the source first); `constant` is `arith.constant`.
    * `gather` is an all-parallel `linalg.generic` over the result that
      reads the index (wrapped if negative, clamped into range) and
      `tensor.extract`s the input element; `scatter_add` is an `scf.for`
      nest over `updates` carrying the accumulator, each step a
      `tensor.extract` / add / `tensor.insert` (a splat `dest` becomes a
      fill first).
    * Scalar semantics follow the eager kernels: compare is ordered (NaN is
      false except `ne`), i1 compares unsigned; `cast` is
      ext/trunc/sitofp/fptosi, `uitofp`/`extui` from i1 and `x != 0` to i1;
      `round` is `math.roundeven`; `relu` is `x > 0 ? x : 0`; `sign` keeps
      NaN; `sigmoid` is the two-branch form on `exp(-|x|)`; integer `pow`
      is `math.ipowi`; on i1, add/max are or, mul/min are and.

    Function arguments are marked `bufferization.writable = false`: they
    are the caller's arrays, so bufferization copies rather than writing
    into them.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"
  ];
}

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
    indexing map.
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
    consumer.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def MathApproximationPass : Pass<"npg-math-approximation"> {
  let summary = "Expand math ops into vectorisable polynomial approximations";
  let description = [{
    Applies MLIR's `populateMathPolynomialApproximationPatterns` (upstream
    only exposes them through a test pass): `math.exp`, `math.tanh`,
    `math.log`, `math.sin`, `math.cos`, ... become arithmetic that LLVM can
    vectorise, instead of one scalar libm call per element.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def UniqueReturnedBuffersPass
    : Pass<"npg-unique-returned-buffers", "::mlir::func::FuncOp"> {
  let summary = "Give every returned memref a fresh buffer of its own";
  let description = [{
    Runs between one-shot-bufferize and buffer-results-to-out-params: a
    returned function argument, or a buffer returned more than once, is
    copied (linalg.copy) into a fresh allocation. MLIR 19's
    hoist-static-allocs crashes on either, and npg-autodiff's forward
    functions return their inputs as residuals. Every returned buffer is then
    a static allocation that hoisting turns into its out-param, so results
    are computed (or copied) straight into the caller's buffers.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::memref::MemRefDialect"
  ];
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

def EmitCInterfacePass : Pass<"npg-emit-c-interface", "::mlir::ModuleOp"> {
  let summary = "Mark every public function llvm.emit_c_interface";
  let description = [{
    convert-func-to-llvm then also emits `_mlir_ciface_<name>`, which takes
    pointers to memref descriptors: the entry point the JIT runtime calls.
  }];
}

def NoaliasArgumentsPass
    : Pass<"npg-noalias-arguments", "::mlir::ModuleOp"> {
  let summary = "Mark the pointer arguments of the JIT's entry points noalias";
  let description = [{
    Runs after convert-func-to-llvm. Every `llvm.func` with a C interface
    (`llvm.emit_c_interface`, not the `_mlir_ciface_` wrapper itself) gets
    `llvm.noalias` on its pointer arguments: the allocated and aligned
    pointers of its memref arguments. The runtime's calling convention
    guarantees it (results are fresh buffers, inputs are only read, and
    compiled code reads and writes through aligned pointers only). LLVM can
    then keep an accumulator that lives in a result in a register while the
    same loop stores another result (a float64 loss and its gradient), and
    vectorise that loop.
  }];
}

#endif // NPG_PASSES_LOWERING_PASSES_TD
