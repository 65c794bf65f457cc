//===- Passes.td - npg to npg transforms ---*- tablegen -*-===//
//
// Rewrites of npg dialect IR into simpler npg dialect IR, before lowering.
//
//===----------------------------------------------------------------------===//

#ifndef NPG_PASSES_TRANSFORMS_PASSES_TD
#define NPG_PASSES_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DecomposePass : Pass<"npg-decompose"> {
  let summary = "Expand composite npg ops into simpler npg ops";
  let description = [{
    The composite ops (`npg.reduce_mean`, `npg.var`, `npg.std`,
    `npg.logsumexp`, `npg.softmax`, `npg.log_softmax`) exist so that
    npg-autodiff uses their own derivative rules (the ones eager npg uses)
    rather than differentiating their pieces: `std` of a constant then has
    gradient 0, not NaN. Once gradients are built they are expanded into the
    other npg ops by the expansion each op's rule gives
    (rules/include/npg/rules/Reductions.h), which the lowering handles.
  }];
  let dependentDialects = ["::mlir::npg::NpgDialect"];
}

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
      when the product has no other use, and a float `w` is a finite
      constant (a divisor also nonzero): an infinite `w` times a sum with a
      zero term is ±inf where the sum of products is NaN. A broadcast feeding elementwise
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

def FoldSliceGradientsPass : Pass<"npg-fold-slice-gradients"> {
  let summary = "Sum the gradients of slices region by region";
  let description = [{
    The gradient of `npg.slice` is its gradient inserted into zeros, so a
    tensor sliced many times (an LSTM's weights, read at every step) gets a
    gradient that is a sum of many inserts into zeros: T steps reading 8
    rows add up 8T full-size tensors, and bufferization compares every
    insert into the shared zeros with every other (compile time superlinear
    in T). This pass takes each tree of `npg.add`s whose leaves are all
    `npg.insert_slice`s of one source shape into zeros and rewrites it to
    one insert per distinct region of the sum of that region's sources:

    ```mlir
    // w[0]'s gradient twice (a, b) and w[1]'s once (c), added up
    %s = npg.add %a, %b
    %r0 = npg.insert_slice %s into %zeros, starts = [0, 0], ...
    %r1 = npg.insert_slice %c into %zeros, starts = [1, 0], ...
    %r = npg.add %r0, %r1
    ```

    The sum in each region keeps the tree's order and grouping (the leaves
    outside it add zeros there), so every element is the same sum. With
    two regions or more, the regions are inserted in at least two groups
    (of at most 16, one into another) and the groups added up: as in the
    original sum, every element gets zeros added, which makes a -0 +0.

    Regions that share positions (a convolution's windows), at most 16 of
    them, are accumulated instead: the first region's sum inserted into
    the zeros, each later one added to what the accumulator holds over its
    positions. An element in several regions is then their sums in order of
    first appearance rather than the tree's grouping (a rounding apart).
    Trees with another kind of leaf, or more overlapping regions, are left
    alone.
  }];
  let dependentDialects = ["::mlir::npg::NpgDialect"];
}

#endif // NPG_PASSES_TRANSFORMS_PASSES_TD
