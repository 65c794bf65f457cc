// RUN: npg-opt %s -npg-math-approximation | FileCheck %s

// f32 cos and sin become polynomials (no math.cos / math.sin left). An
// infinite x becomes NaN first (sin and cos of ±inf are NaN). Each is
// evaluated at |x| with NaN replaced by 0 and put back after; cos is even,
// sin is negated for negative x, as a product with copysign(1, x) (so
// sin(-0) is -0 and sin(-x) is -sin(x) exactly).
// f64 math is left to libm.
// CHECK-LABEL: func.func @trig(
// CHECK-SAME:      %[[X:.*]]: f32, %[[Y:.*]]: f64)
// CHECK:         %[[MC:.*]] = math.absf %[[X]] : f32
// CHECK:         %[[IC:.*]] = arith.cmpf oeq, %[[MC]], %{{.*}} : f32
// CHECK:         %[[XC:.*]] = arith.select %[[IC]], %{{.*}}, %[[X]] : f32
// CHECK:         %[[AC:.*]] = math.absf %[[XC]] : f32
// CHECK:         %[[NC:.*]] = arith.cmpf uno, %[[AC]], %[[AC]] : f32
// CHECK:         arith.select %[[NC]], %{{.*}}, %[[AC]] : f32
// CHECK-NOT:     math.cos
// CHECK:         %[[C:.*]] = arith.select %[[NC]], %[[AC]], %{{.*}} : f32
// CHECK:         %[[MS:.*]] = math.absf %[[X]] : f32
// CHECK:         %[[IS:.*]] = arith.cmpf oeq, %[[MS]], %{{.*}} : f32
// CHECK:         %[[XS:.*]] = arith.select %[[IS]], %{{.*}}, %[[X]] : f32
// CHECK:         %[[AS:.*]] = math.absf %[[XS]] : f32
// CHECK:         %[[NS:.*]] = arith.cmpf uno, %[[AS]], %[[AS]] : f32
// CHECK-NOT:     math.sin %{{.*}} : f32
// CHECK:         %[[G:.*]] = arith.select %[[NS]], %[[AS]], %{{.*}} : f32
// CHECK:         %[[SIGN:.*]] = math.copysign %{{.*}}, %[[XS]] : f32
// CHECK:         %[[S:.*]] = arith.mulf %[[G]], %[[SIGN]] : f32
// CHECK:         %[[D:.*]] = math.sin %[[Y]] : f64
// CHECK:         return %[[C]], %[[S]], %[[D]]
func.func @trig(%x: f32, %y: f64) -> (f32, f32, f64) {
  %c = math.cos %x : f32
  %s = math.sin %x : f32
  %d = math.sin %y : f64
  return %c, %s, %d : f32, f32, f64
}

// Vectors too: the constants the pass adds are splats.
// CHECK-LABEL: func.func @vector(
// CHECK-DAG:     arith.constant dense<0.000000e+00> : vector<4xf32>
// CHECK-DAG:     %[[ONE:.*]] = arith.constant dense<1.000000e+00> : vector<4xf32>
// CHECK:         math.copysign %[[ONE]], %{{.*}} : vector<4xf32>
func.func @vector(%x: vector<4xf32>) -> vector<4xf32> {
  %s = math.sin %x : vector<4xf32>
  return %s : vector<4xf32>
}

// f32 sin and cos are reduced and evaluated in f64 (musl's __rem_pio2f and
// __sindf/__cosdf), the quadrant chosen by selects, and rounded once.
// CHECK-LABEL: func.func @sin_in_f64(
// CHECK:         %[[W:.*]] = arith.extf %{{.*}} : f32 to f64
// CHECK:         %[[N:.*]] = math.roundeven %{{.*}} : f64
// CHECK:         math.floor %{{.*}} : f64
// CHECK-COUNT-3: arith.select %{{.*}} : f64
// CHECK:         arith.truncf %{{.*}} : f64 to f32
// CHECK-NOT:     math.sin
func.func @sin_in_f64(%x: f32) -> f32 {
  %s = math.sin %x : f32
  return %s : f32
}

// f32 tanh of |x| (NaN made 0): an odd polynomial below 0.625 (fma chain), 1 - 2 /
// (exp(2|x|) + 1) from there (exp's polynomial inlined), chosen by a select.
// CHECK-LABEL: func.func @tanh_two_ranges(
// CHECK-DAG:     %[[KNEE:.*]] = arith.constant 6.250000e-01 : f32
// CHECK-DAG:     %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
// CHECK:         math.absf %{{.*}} : f32
// CHECK:         %[[A:.*]] = arith.select %{{.*}} : f32
// CHECK:         %[[A2:.*]] = arith.mulf %[[A]], %[[A]] : f32
// CHECK-COUNT-4: math.fma %{{.*}}, %[[A2]], %{{.*}} : f32
// CHECK:         %[[A3:.*]] = arith.mulf %[[A2]], %[[A]] : f32
// CHECK:         %[[SMALL:.*]] = math.fma %[[A3]], %{{.*}}, %[[A]] : f32
// CHECK:         %[[TAIL:.*]] = arith.divf %[[TWO]], %{{.*}} : f32
// CHECK:         %[[LARGE:.*]] = arith.subf %{{.*}}, %[[TAIL]] : f32
// CHECK:         %[[IS:.*]] = arith.cmpf olt, %[[A]], %[[KNEE]] : f32
// CHECK:         arith.select %[[IS]], %[[SMALL]], %[[LARGE]] : f32
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.exp
func.func @tanh_two_ranges(%x: f32) -> f32 {
  %t = math.tanh %x : f32
  return %t : f32
}
