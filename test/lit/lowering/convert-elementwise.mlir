// RUN: npg-opt %s --convert-npg-to-linalg | FileCheck %s

// Every elementwise npg op is one all-parallel linalg.generic over a
// tensor.empty; the scalar body follows the eager kernels. Arguments are the
// caller's arrays: bufferization must not write into them.

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ID0:.*]] = affine_map<() -> ()>

// CHECK-LABEL: func.func @add(
// CHECK-SAME:      %[[A:.*]]: tensor<2x3xf32> {bufferization.writable = false},
// CHECK-SAME:      %[[B:.*]]: tensor<2x3xf32> {bufferization.writable = false})
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<2x3xf32>) outs(%[[E]] : tensor<2x3xf32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT:      linalg.yield %[[S]] : f32
// CHECK:         return %[[R]]
func.func @add(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = npg.add %a, %b : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// 0-d tensors: a generic with no loops.
// CHECK-LABEL: func.func @scalar_ops(
// CHECK:         linalg.generic {indexing_maps = [#[[ID0]], #[[ID0]], #[[ID0]]], iterator_types = []}
// CHECK:           arith.subf
// CHECK:         linalg.generic
// CHECK:           arith.mulf
// CHECK:         linalg.generic
// CHECK:           arith.divf
// CHECK:         linalg.generic
// CHECK:           math.powf
// NaN-propagating, as numpy.maximum / numpy.minimum.
// CHECK:         linalg.generic
// CHECK:           arith.maximumf
// CHECK:         linalg.generic
// CHECK:           arith.minimumf
func.func @scalar_ops(%a: tensor<f64>, %b: tensor<f64>) -> (tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>) {
  %0 = npg.sub %a, %b : tensor<f64>
  %1 = npg.mul %a, %b : tensor<f64>
  %2 = npg.div %a, %b : tensor<f64>
  %3 = npg.pow %a, %b : tensor<f64>
  %4 = npg.maximum %a, %b : tensor<f64>
  %5 = npg.minimum %a, %b : tensor<f64>
  return %0, %1, %2, %3, %4, %5 : tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>
}

// CHECK-LABEL: func.func @integers(
// CHECK:           arith.addi
// CHECK:           arith.subi
// CHECK:           arith.muli
// Integers divide truncating toward zero.
// CHECK:           arith.divsi
// CHECK:           math.ipowi
// CHECK:           arith.maxsi
// CHECK:           arith.minsi
func.func @integers(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = npg.add %a, %b : tensor<4xi32>
  %1 = npg.sub %a, %b : tensor<4xi32>
  %2 = npg.mul %a, %b : tensor<4xi32>
  %3 = npg.div %a, %b : tensor<4xi32>
  %4 = npg.pow %a, %b : tensor<4xi32>
  %5 = npg.maximum %a, %b : tensor<4xi32>
  %6 = npg.minimum %a, %b : tensor<4xi32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// Bools as the eager kernels: + is or, * is and, x ** y is x || !y.
// CHECK-LABEL: func.func @bools(
// CHECK:           arith.ori
// CHECK:           arith.andi
// CHECK:           %[[T:.*]] = arith.constant true
// CHECK:           %[[NY:.*]] = arith.xori %{{.*}}, %[[T]] : i1
// CHECK:           arith.ori %{{.*}}, %[[NY]] : i1
// CHECK:           arith.maxui
// CHECK:           arith.minui
func.func @bools(%a: tensor<4xi1>, %b: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = npg.add %a, %b : tensor<4xi1>
  %1 = npg.mul %a, %b : tensor<4xi1>
  %2 = npg.pow %a, %b : tensor<4xi1>
  %3 = npg.maximum %a, %b : tensor<4xi1>
  %4 = npg.minimum %a, %b : tensor<4xi1>
  return %0, %1, %2, %3, %4 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// CHECK-LABEL: func.func @unary_float(
// CHECK:           arith.negf
// CHECK:           math.absf
// CHECK:           math.exp
// CHECK:           math.log
// CHECK:           math.sqrt
// CHECK:           math.tanh
// CHECK:           math.sin
// CHECK:           math.cos
// CHECK:           math.tan
// CHECK:           math.floor
// CHECK:           math.ceil
// numpy rounds half to even.
// CHECK:           math.roundeven
func.func @unary_float(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = npg.neg %x : tensor<3xf32>
  %1 = npg.abs %x : tensor<3xf32>
  %2 = npg.exp %x : tensor<3xf32>
  %3 = npg.log %x : tensor<3xf32>
  %4 = npg.sqrt %x : tensor<3xf32>
  %5 = npg.tanh %x : tensor<3xf32>
  %6 = npg.sin %x : tensor<3xf32>
  %7 = npg.cos %x : tensor<3xf32>
  %8 = npg.tan %x : tensor<3xf32>
  %9 = npg.floor %x : tensor<3xf32>
  %10 = npg.ceil %x : tensor<3xf32>
  %11 = npg.round %x : tensor<3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// CHECK-LABEL: func.func @log1p_expm1(
// CHECK:           math.log1p
// CHECK:           math.expm1
func.func @log1p_expm1(%x: tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>) {
  %0 = npg.log1p %x : tensor<3xf64>
  %1 = npg.expm1 %x : tensor<3xf64>
  return %0, %1 : tensor<3xf64>, tensor<3xf64>
}

// relu is x > 0 ? x : 0 with an unordered compare, as the eager kernel: NaN
// stays NaN (numpy's maximum(x, 0)), -0.0 gives +0.0.
// CHECK-LABEL: func.func @relu(
// CHECK:         ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:      %[[P:.*]] = arith.cmpf ugt, %[[X]], %[[Z]] : f64
// CHECK-NEXT:      %[[R:.*]] = arith.select %[[P]], %[[X]], %[[Z]] : f64
// CHECK-NEXT:      linalg.yield %[[R]]
func.func @relu(%x: tensor<3xf64>) -> tensor<3xf64> {
  %0 = npg.relu %x : tensor<3xf64>
  return %0 : tensor<3xf64>
}

// sign: -1, 0 or 1, and NaN stays NaN.
// CHECK-LABEL: func.func @sign(
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[POS:.*]] = arith.cmpf ogt, %[[X]]
// CHECK:           %[[NEG:.*]] = arith.cmpf olt, %[[X]]
// CHECK:           %[[S1:.*]] = arith.select %[[NEG]]
// CHECK:           %[[S2:.*]] = arith.select %[[POS]], %{{.*}}, %[[S1]]
// CHECK:           %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]]
// CHECK:           %[[R:.*]] = arith.select %[[NAN]], %[[X]], %[[S2]]
// CHECK:           linalg.yield %[[R]]
func.func @sign(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = npg.sign %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// sigmoid in two branches on e = exp(-|x|), so exp never overflows.
// CHECK-LABEL: func.func @sigmoid(
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[ABS:.*]] = math.absf %[[X]]
// CHECK:           %[[NEG:.*]] = arith.negf %[[ABS]]
// CHECK:           %[[E:.*]] = math.exp %[[NEG]]
// CHECK:           %[[DEN:.*]] = arith.addf %{{.*}}, %[[E]]
// CHECK:           %[[GE:.*]] = arith.cmpf oge, %[[X]]
// CHECK:           %[[NUM:.*]] = arith.select %[[GE]], %{{.*}}, %[[E]]
// CHECK:           arith.divf %[[NUM]], %[[DEN]]
func.func @sigmoid(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = npg.sigmoid %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// CHECK-LABEL: func.func @unary_int(
// CHECK:           %[[Z:.*]] = arith.constant 0 : i64
// CHECK:           arith.subi %[[Z]], %{{.*}} : i64
// CHECK:           math.absi
// CHECK:           arith.cmpi sgt
// CHECK:           arith.select
func.func @unary_int(%x: tensor<3xi64>) -> (tensor<3xi64>, tensor<3xi64>, tensor<3xi64>) {
  %0 = npg.neg %x : tensor<3xi64>
  %1 = npg.abs %x : tensor<3xi64>
  %2 = npg.relu %x : tensor<3xi64>
  return %0, %1, %2 : tensor<3xi64>, tensor<3xi64>, tensor<3xi64>
}

// Floats compare ordered (false with NaN) except ne, which is unordered.
// CHECK-LABEL: func.func @compare_float(
// CHECK-SAME:      -> (tensor<2xi1>
// CHECK:           arith.cmpf oeq
// CHECK:           arith.cmpf une
// CHECK:           arith.cmpf olt
// CHECK:           arith.cmpf ole
// CHECK:           arith.cmpf ogt
// CHECK:           arith.cmpf oge
func.func @compare_float(%a: tensor<2xf64>, %b: tensor<2xf64>) -> (tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>) {
  %0 = npg.compare eq, %a, %b : tensor<2xf64>
  %1 = npg.compare ne, %a, %b : tensor<2xf64>
  %2 = npg.compare lt, %a, %b : tensor<2xf64>
  %3 = npg.compare le, %a, %b : tensor<2xf64>
  %4 = npg.compare gt, %a, %b : tensor<2xf64>
  %5 = npg.compare ge, %a, %b : tensor<2xf64>
  return %0, %1, %2, %3, %4, %5 : tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>, tensor<2xi1>
}

// Integers compare signed; i1 unsigned (false < true).
// CHECK-LABEL: func.func @compare_int(
// CHECK:           arith.cmpi slt, %{{.*}}, %{{.*}} : i32
// CHECK:           arith.cmpi ule, %{{.*}}, %{{.*}} : i1
func.func @compare_int(%a: tensor<2xi32>, %b: tensor<2xi32>, %c: tensor<2xi1>, %d: tensor<2xi1>) -> (tensor<2xi1>, tensor<2xi1>) {
  %0 = npg.compare lt, %a, %b : tensor<2xi32>
  %1 = npg.compare le, %c, %d : tensor<2xi1>
  return %0, %1 : tensor<2xi1>, tensor<2xi1>
}

// CHECK-LABEL: func.func @select(
// CHECK:         ^bb0(%[[C:.*]]: i1, %[[T:.*]]: f32, %[[F:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[R:.*]] = arith.select %[[C]], %[[T]], %[[F]] : f32
func.func @select(%c: tensor<2xi1>, %a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %0 = npg.select %c, %a, %b : tensor<2xi1>, tensor<2xf32>
  return %0 : tensor<2xf32>
}

// numpy's astype: float to int truncates, anything to bool is != 0, bool to
// a number is 0 or 1.
// CHECK-LABEL: func.func @casts(
// CHECK:           arith.extf %{{.*}} : f32 to f64
// CHECK:           arith.truncf %{{.*}} : f64 to f32
// CHECK:           arith.fptosi %{{.*}} : f32 to i32
// CHECK:           arith.sitofp %{{.*}} : i64 to f32
// CHECK:           arith.uitofp %{{.*}} : i1 to f64
// CHECK:           arith.extui %{{.*}} : i1 to i64
// CHECK:           arith.extsi %{{.*}} : i32 to i64
// CHECK:           arith.trunci %{{.*}} : i64 to i32
// CHECK:           arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK:           arith.cmpi ne, %{{.*}}, %{{.*}} : i64
func.func @casts(%f: tensor<2xf32>, %d: tensor<2xf64>, %i: tensor<2xi32>, %l: tensor<2xi64>, %b: tensor<2xi1>)
    -> (tensor<2xf64>, tensor<2xf32>, tensor<2xi32>, tensor<2xf32>, tensor<2xf64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi32>, tensor<2xi1>, tensor<2xi1>) {
  %0 = npg.cast %f : tensor<2xf32> to tensor<2xf64>
  %1 = npg.cast %d : tensor<2xf64> to tensor<2xf32>
  %2 = npg.cast %f : tensor<2xf32> to tensor<2xi32>
  %3 = npg.cast %l : tensor<2xi64> to tensor<2xf32>
  %4 = npg.cast %b : tensor<2xi1> to tensor<2xf64>
  %5 = npg.cast %b : tensor<2xi1> to tensor<2xi64>
  %6 = npg.cast %i : tensor<2xi32> to tensor<2xi64>
  %7 = npg.cast %l : tensor<2xi64> to tensor<2xi32>
  %8 = npg.cast %f : tensor<2xf32> to tensor<2xi1>
  %9 = npg.cast %l : tensor<2xi64> to tensor<2xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<2xf64>, tensor<2xf32>, tensor<2xi32>, tensor<2xf32>, tensor<2xf64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi32>, tensor<2xi1>, tensor<2xi1>
}

// CHECK-LABEL: func.func @constant(
// CHECK:         %[[C:.*]] = arith.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi64>
// CHECK:         return %[[C]]
func.func @constant() -> tensor<2x2xi64> {
  %0 = npg.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// softplus as max(x, 0) + log1p(exp(-|x|)), which never overflows; gelu's
// tanh approximation in PyTorch's order; clip as two selects (NaN stays
// NaN, lo > hi gives hi), its f64 bounds converted to the element type.
// CHECK-LABEL: func.func @activations(
// CHECK:         linalg.generic
// CHECK:           %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[POS:.*]] = arith.cmpf ogt, %[[X:.*]], %[[ZERO]] : f32
// CHECK-NEXT:      %[[RECT:.*]] = arith.select %[[POS]], %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:      %[[ABS:.*]] = math.absf %[[X]] : f32
// CHECK-NEXT:      %[[NEG:.*]] = arith.negf %[[ABS]] : f32
// CHECK-NEXT:      %[[E:.*]] = math.exp %[[NEG]] : f32
// CHECK-NEXT:      %[[L:.*]] = math.log1p %[[E]] : f32
// CHECK-NEXT:      %[[SP:.*]] = arith.addf %[[RECT]], %[[L]] : f32
// CHECK-NEXT:      linalg.yield %[[SP]] : f32
// CHECK:         linalg.generic
// CHECK:           %[[BETA:.*]] = arith.constant 0.797884583 : f32
// CHECK-NEXT:      %[[KAPPA:.*]] = arith.constant 4.471500e-02 : f32
// CHECK-NEXT:      %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[SQ:.*]] = arith.mulf %[[Y:.*]], %[[Y]] : f32
// CHECK-NEXT:      %[[CUBE:.*]] = arith.mulf %[[SQ]], %[[Y]] : f32
// CHECK-NEXT:      %[[KX3:.*]] = arith.mulf %[[KAPPA]], %[[CUBE]] : f32
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[Y]], %[[KX3]] : f32
// CHECK-NEXT:      %[[INNER:.*]] = arith.mulf %[[BETA]], %[[SUM]] : f32
// CHECK-NEXT:      %[[HX:.*]] = arith.mulf %[[HALF]], %[[Y]] : f32
// CHECK-NEXT:      %[[T:.*]] = math.tanh %[[INNER]] : f32
// CHECK-NEXT:      %[[OPT:.*]] = arith.addf %[[ONE]], %[[T]] : f32
// CHECK-NEXT:      %[[G:.*]] = arith.mulf %[[HX]], %[[OPT]] : f32
// CHECK-NEXT:      linalg.yield %[[G]] : f32
// CHECK:         linalg.generic
// CHECK:           %[[LO:.*]] = arith.constant -1.000000e+00 : f32
// CHECK-NEXT:      %[[BELOW:.*]] = arith.cmpf olt, %[[Z:.*]], %[[LO]] : f32
// CHECK-NEXT:      %[[C1:.*]] = arith.select %[[BELOW]], %[[LO]], %[[Z]] : f32
// CHECK-NEXT:      %[[HI:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[ABOVE:.*]] = arith.cmpf ogt, %[[C1]], %[[HI]] : f32
// CHECK-NEXT:      %[[C2:.*]] = arith.select %[[ABOVE]], %[[HI]], %[[C1]] : f32
// CHECK-NEXT:      linalg.yield %[[C2]] : f32
// CHECK:         linalg.generic
// CHECK:           %[[IHI:.*]] = arith.constant 2 : i64
// CHECK-NEXT:      %[[IABOVE:.*]] = arith.cmpi sgt, %[[W:.*]], %[[IHI]] : i64
// CHECK-NEXT:      %[[IC:.*]] = arith.select %[[IABOVE]], %[[IHI]], %[[W]] : i64
// CHECK-NEXT:      linalg.yield %[[IC]] : i64
func.func @activations(%x: tensor<4xf32>, %i: tensor<4xi64>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi64>) {
  %0 = npg.softplus %x : tensor<4xf32>
  %1 = npg.gelu %x : tensor<4xf32>
  %2 = npg.clip %x lo = -1.0 hi = 1.0 : tensor<4xf32>
  %3 = npg.clip %i hi = 2.5 : tensor<4xi64>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi64>
}
