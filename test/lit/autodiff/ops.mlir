// The derivative rule of each elementwise op (ir/lib/NpgDerivatives.cpp),
// one function per op; the backward functions are checked whole.
// RUN: npg-opt %s -npg-autodiff="recompute-elementwise=false" | FileCheck %s

// x - y: g and -g.
// CHECK-LABEL: func.func @sub_bwd(%arg0: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT:    %[[V0:.*]] = npg.neg %arg0 : tensor<3xf32>
// CHECK-NEXT:    return %arg0, %[[V0]] : tensor<3xf32>, tensor<3xf32>
func.func @sub(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.sub %x, %y : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// x / y: g / y and -g * ((x / y) / y), PyTorch's order (y * y would
// underflow).
// CHECK-LABEL: func.func @div_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT:    %[[V0:.*]] = npg.div %arg2, %arg1 : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.div %arg0, %arg1 : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.div %[[V1]], %arg1 : tensor<3xf32>
// CHECK-NEXT:    %[[V3:.*]] = npg.neg %arg2 : tensor<3xf32>
// CHECK-NEXT:    %[[V4:.*]] = npg.mul %[[V3]], %[[V2]] : tensor<3xf32>
// CHECK-NEXT:    return %[[V0]], %[[V4]] : tensor<3xf32>, tensor<3xf32>
func.func @div(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.div %x, %y : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// x ** y: g * y * x^(y-1), 0 where y == 0; g * x^y * log(x), 0 where x == 0.
// CHECK-LABEL: func.func @pow_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xf32>, %arg3: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT:    %[[V0:.*]] = npg.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.constant dense<1.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.sub %arg1, %[[V1]] : tensor<3xf32>
// CHECK-NEXT:    %[[V3:.*]] = npg.pow %arg0, %[[V2]] : tensor<3xf32>
// CHECK-NEXT:    %[[V4:.*]] = npg.mul %arg1, %[[V3]] : tensor<3xf32>
// CHECK-NEXT:    %[[V5:.*]] = npg.compare eq, %arg1, %[[V0]] : tensor<3xf32>
// CHECK-NEXT:    %[[V6:.*]] = npg.select %[[V5]], %[[V0]], %[[V4]] : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    %[[V7:.*]] = npg.mul %arg3, %[[V6]] : tensor<3xf32>
// CHECK-NEXT:    %[[V8:.*]] = npg.log %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[V9:.*]] = npg.mul %arg2, %[[V8]] : tensor<3xf32>
// CHECK-NEXT:    %[[V10:.*]] = npg.compare eq, %arg0, %[[V0]] : tensor<3xf32>
// CHECK-NEXT:    %[[V11:.*]] = npg.select %[[V10]], %[[V0]], %[[V9]] : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    %[[V12:.*]] = npg.mul %arg3, %[[V11]] : tensor<3xf32>
// CHECK-NEXT:    return %[[V7]], %[[V12]] : tensor<3xf32>, tensor<3xf32>
func.func @pow(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.pow %x, %y : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// maximum (PyTorch's rule): ties give half to each side, the smaller side
// gets nothing, and the rest g, so where either side is NaN both get g.
// CHECK-LABEL: func.func @maximum_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT:    %[[V0:.*]] = npg.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.constant dense<5.000000e-01> : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.mul %arg2, %[[V1]] : tensor<3xf32>
// CHECK-NEXT:    %[[V3:.*]] = npg.compare eq, %arg0, %arg1 : tensor<3xf32>
// CHECK-NEXT:    %[[V4:.*]] = npg.select %[[V3]], %[[V2]], %arg2 : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    %[[V5:.*]] = npg.compare lt, %arg0, %arg1 : tensor<3xf32>
// CHECK-NEXT:    %[[V6:.*]] = npg.select %[[V5]], %[[V0]], %[[V4]] : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    %[[V7:.*]] = npg.compare eq, %arg1, %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[V8:.*]] = npg.select %[[V7]], %[[V2]], %arg2 : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    %[[V9:.*]] = npg.compare lt, %arg1, %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[V10:.*]] = npg.select %[[V9]], %[[V0]], %[[V8]] : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    return %[[V6]], %[[V10]] : tensor<3xf32>, tensor<3xf32>
func.func @maximum(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.maximum %x, %y : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// minimum (only x marked): the larger side gets nothing, ties half.
// CHECK-LABEL: func.func @minimum_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.constant dense<5.000000e-01> : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.mul %arg2, %[[V1]] : tensor<3xf32>
// CHECK-NEXT:    %[[V3:.*]] = npg.compare eq, %arg0, %arg1 : tensor<3xf32>
// CHECK-NEXT:    %[[V4:.*]] = npg.select %[[V3]], %[[V2]], %arg2 : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    %[[V5:.*]] = npg.compare gt, %arg0, %arg1 : tensor<3xf32>
// CHECK-NEXT:    %[[V6:.*]] = npg.select %[[V5]], %[[V0]], %[[V4]] : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    return %[[V6]] : tensor<3xf32>
func.func @minimum(%x: tensor<3xf32> {npg.requires_grad}, %y: tensor<3xf32>) -> tensor<3xf32> {
  %0 = npg.minimum %x, %y : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -x: -g.
// CHECK-LABEL: func.func @neg_bwd(%arg0: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.neg %arg0 : tensor<3xf32>
// CHECK-NEXT:    return %[[V0]] : tensor<3xf32>
func.func @neg(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.neg %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// log(x): g / x.
// CHECK-LABEL: func.func @log_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.div %arg1, %arg0 : tensor<3xf32>
// CHECK-NEXT:    return %[[V0]] : tensor<3xf32>
func.func @log(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.log %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// log1p(x): g / (x + 1).
// CHECK-LABEL: func.func @log1p_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.constant dense<1.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.add %arg0, %[[V0]] : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.div %arg1, %[[V1]] : tensor<3xf32>
// CHECK-NEXT:    return %[[V2]] : tensor<3xf32>
func.func @log1p(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.log1p %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// expm1(x): g * (expm1(x) + 1), from the result.
// CHECK-LABEL: func.func @expm1_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.constant dense<1.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.add %arg0, %[[V0]] : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.mul %arg1, %[[V1]] : tensor<3xf32>
// CHECK-NEXT:    return %[[V2]] : tensor<3xf32>
func.func @expm1(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.expm1 %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// sqrt(x): g / (2 * sqrt(x)), from the result.
// CHECK-LABEL: func.func @sqrt_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.constant dense<2.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.mul %arg0, %[[V0]] : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.div %arg1, %[[V1]] : tensor<3xf32>
// CHECK-NEXT:    return %[[V2]] : tensor<3xf32>
func.func @sqrt(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.sqrt %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// abs(x): g * sgn(x), PyTorch's: slope 0 at 0, and at NaN (whose numpy
// sign is NaN).
// CHECK-LABEL: func.func @abs_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.sign %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.compare ne, %arg0, %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[V3:.*]] = npg.select %[[V2]], %[[V0]], %[[V1]] : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    %[[V4:.*]] = npg.mul %arg1, %[[V3]] : tensor<3xf32>
// CHECK-NEXT:    return %[[V4]] : tensor<3xf32>
func.func @abs(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.abs %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// sigmoid(x): g * s * (1 - s), from the result.
// CHECK-LABEL: func.func @sigmoid_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.constant dense<1.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.mul %arg1, %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.sub %[[V0]], %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[V3:.*]] = npg.mul %[[V1]], %[[V2]] : tensor<3xf32>
// CHECK-NEXT:    return %[[V3]] : tensor<3xf32>
func.func @sigmoid(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.sigmoid %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// relu(x): 0 where x <= 0, else g (PyTorch's threshold_backward: slope 0
// at 0, and a NaN input passes g on).
// CHECK-LABEL: func.func @relu_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.compare le, %arg0, %[[V0]] : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.select %[[V1]], %[[V0]], %arg1 : tensor<3xi1>, tensor<3xf32>
// CHECK-NEXT:    return %[[V2]] : tensor<3xf32>
func.func @relu(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.relu %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// cos(x): g * -sin(x).
// CHECK-LABEL: func.func @cos_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.sin %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.neg %[[V0]] : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.mul %arg1, %[[V1]] : tensor<3xf32>
// CHECK-NEXT:    return %[[V2]] : tensor<3xf32>
func.func @cos(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.cos %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// tan(x): g * (1 + t^2), from the result.
// CHECK-LABEL: func.func @tan_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.constant dense<1.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[V1:.*]] = npg.mul %arg0, %arg0 : tensor<3xf32>
// CHECK-NEXT:    %[[V2:.*]] = npg.add %[[V1]], %[[V0]] : tensor<3xf32>
// CHECK-NEXT:    %[[V3:.*]] = npg.mul %arg1, %[[V2]] : tensor<3xf32>
// CHECK-NEXT:    return %[[V3]] : tensor<3xf32>
func.func @tan(%x: tensor<3xf32> {npg.requires_grad}) -> tensor<3xf32> {
  %0 = npg.tan %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// sign, floor, ceil and round have a zero derivative: zeros, no residuals.
// CHECK-LABEL: func.func @steps_bwd(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xf32>, %arg3: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[V0:.*]] = npg.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    return %[[V0]] : tensor<3xf32>
func.func @steps(%x: tensor<3xf32> {npg.requires_grad}) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = npg.sign %x : tensor<3xf32>
  %1 = npg.floor %x : tensor<3xf32>
  %2 = npg.ceil %x : tensor<3xf32>
  %3 = npg.round %x : tensor<3xf32>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}
