//===- Passes.td - npg dialect conversions ---*- tablegen -*-===//
//
// From npg dialect IR to linalg, tensor, arith and math on tensors.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_CONVERSION_PASSES_TD
#define NPG_PASSES_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"


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
    * `random_uniform` is an all-parallel `linalg.generic` whose body runs
      Philox4x32-10 on `offset` plus the element's row-major index (i32
      words, the high halves of products from i64 multiplies) and scales
      the top 53 (f64) or 24 (f32) bits into `[0, 1)`.
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

#endif // NPG_PASSES_CONVERSION_PASSES_TD
