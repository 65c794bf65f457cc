// Second derivatives: the backward is plain npg IR, so marking its
// arguments and running the pass again differentiates it. @cube was
// differentiated already and is left alone by the second run.
// RUN: npg-opt %s -npg-autodiff="recompute-elementwise=false" | FileCheck %s --check-prefix=FIRST
// RUN: npg-opt %s -npg-autodiff="recompute-elementwise=false" \
// RUN:   | sed -e '/func.func @cube_bwd(/s/\(%arg[0-9]*: tensor<f64>\)/\1 {npg.requires_grad}/g' \
// RUN:   | npg-opt -npg-autodiff="recompute-elementwise=false" | FileCheck %s --check-prefix=SECOND

// x^3: residuals x*x and x; d/dx = g*(x*x) + 2*(g*x)*x.
// FIRST-LABEL: func.func @cube_fwd(%arg0: tensor<f64>) -> (tensor<f64>, tensor<f64>, tensor<f64>)
// FIRST-NEXT:    %[[SQ:.*]] = npg.mul %arg0, %arg0
// FIRST-NEXT:    %[[CU:.*]] = npg.mul %[[SQ]], %arg0
// FIRST-NEXT:    return %[[CU]], %[[SQ]], %arg0
// FIRST-LABEL: func.func @cube_bwd(%arg0: tensor<f64>, %arg1: tensor<f64>, %arg2: tensor<f64>) -> tensor<f64>
// FIRST-NEXT:    %[[GSQ:.*]] = npg.mul %arg2, %arg1
// FIRST-NEXT:    %[[A:.*]] = npg.mul %arg2, %arg0
// FIRST-NEXT:    %[[B:.*]] = npg.mul %[[GSQ]], %arg1
// FIRST-NEXT:    %[[S:.*]] = npg.add %[[A]], %[[B]]
// FIRST-NEXT:    %[[G:.*]] = npg.add %[[S]], %[[B]]
// FIRST-NEXT:    return %[[G]]
// FIRST-NOT:   func.func

// The second run adds exactly @cube_bwd_fwd and @cube_bwd_bwd.
// SECOND:       func.func @cube(
// SECOND:       func.func @cube_fwd(
// SECOND:       func.func @cube_bwd(%arg0: tensor<f64> {npg.requires_grad}, %arg1: tensor<f64> {npg.requires_grad}, %arg2: tensor<f64> {npg.requires_grad})
// SECOND-LABEL: func.func @cube_bwd_fwd(%arg0: tensor<f64>, %arg1: tensor<f64>, %arg2: tensor<f64>) -> (tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>)
// Gradients for (x*x, x, g), each the sum over its uses in @cube_bwd; the
// incoming gradient is %arg4.
// SECOND-LABEL: func.func @cube_bwd_bwd(%arg0: tensor<f64>, %arg1: tensor<f64>, %arg2: tensor<f64>, %arg3: tensor<f64>, %arg4: tensor<f64>) -> (tensor<f64>, tensor<f64>, tensor<f64>)
// With residuals (g*x, x, g, x*x) and incoming gradient v = %arg4:
// d/d(x*x) = v*g, d/dx = 2v*(g*x) + 2v*x*g, d/dg = v*(x*x) + 2v*x*x.
// SECOND-NEXT:    %[[V2:.*]] = npg.add %arg4, %arg4
// SECOND-NEXT:    %[[V2X:.*]] = npg.mul %[[V2]], %arg1
// SECOND-NEXT:    %[[V2GX:.*]] = npg.mul %[[V2]], %arg0
// SECOND-NEXT:    %[[VSQ:.*]] = npg.mul %arg4, %arg3
// SECOND-NEXT:    %[[DSQ:.*]] = npg.mul %arg4, %arg2
// SECOND-NEXT:    %[[V2XX:.*]] = npg.mul %[[V2X]], %arg1
// SECOND-NEXT:    %[[V2XG:.*]] = npg.mul %[[V2X]], %arg2
// SECOND-NEXT:    %[[DG:.*]] = npg.add %[[VSQ]], %[[V2XX]]
// SECOND-NEXT:    %[[DX:.*]] = npg.add %[[V2GX]], %[[V2XG]]
// SECOND-NEXT:    return %[[DSQ]], %[[DX]], %[[DG]]
// SECOND-NOT:   func.func
func.func @cube(%x: tensor<f64> {npg.requires_grad}) -> tensor<f64> {
  %0 = npg.mul %x, %x : tensor<f64>
  %1 = npg.mul %0, %x : tensor<f64>
  return %1 : tensor<f64>
}
