// RUN: npg-opt %s --npg-fold-slice-gradients --split-input-file | FileCheck %s

// The gradient of w sliced three times (rows 0, 1 and 0 again), as
// npg-autodiff writes it: each slice's gradient inserted into zeros, the
// inserts added up. After the fold: one insert per row, of that row's sum
// in the tree's order (c + a for row 0), the rows in two groups added up
// (so that, as before, every element is its sum plus zeros: -0 becomes +0).
// CHECK-LABEL: func.func @rows_bwd(
// CHECK-SAME:      %[[A:.*]]: tensor<1x3xf32>, %[[B:.*]]: tensor<1x3xf32>, %[[C:.*]]: tensor<1x3xf32>)
// CHECK:         %[[Z:.*]] = npg.constant dense<0.000000e+00> : tensor<2x3xf32>
// CHECK:         %[[S0:.*]] = npg.add %[[C]], %[[A]] : tensor<1x3xf32>
// CHECK:         %[[I0:.*]] = npg.insert_slice %[[S0]] into %[[Z]], starts = [0, 0], limits = [1, 3], steps = [1, 1]
// CHECK:         %[[I1:.*]] = npg.insert_slice %[[B]] into %[[Z]], starts = [1, 0], limits = [2, 3], steps = [1, 1]
// CHECK:         %[[R:.*]] = npg.add %[[I0]], %[[I1]] : tensor<2x3xf32>
// CHECK-NEXT:    return %[[R]]
func.func @rows_bwd(%a: tensor<1x3xf32>, %b: tensor<1x3xf32>, %c: tensor<1x3xf32>) -> tensor<2x3xf32> {
  %z = npg.constant dense<0.0> : tensor<2x3xf32>
  %0 = npg.insert_slice %a into %z, starts = [0, 0], limits = [1, 3], steps = [1, 1] : tensor<1x3xf32> into tensor<2x3xf32>
  %1 = npg.insert_slice %b into %z, starts = [1, 0], limits = [2, 3], steps = [1, 1] : tensor<1x3xf32> into tensor<2x3xf32>
  %2 = npg.insert_slice %c into %z, starts = [0, 0], limits = [1, 3], steps = [1, 1] : tensor<1x3xf32> into tensor<2x3xf32>
  %3 = npg.add %0, %1 : tensor<2x3xf32>
  %4 = npg.add %2, %3 : tensor<2x3xf32>
  return %4 : tensor<2x3xf32>
}

// -----

// Grouping kept within a region: (a + (b + c)) stays so, not ((a + b) + c).
// CHECK-LABEL: func.func @grouping_kept(
// CHECK-SAME:      %[[A:.*]]: tensor<2xf64>, %[[B:.*]]: tensor<2xf64>, %[[C:.*]]: tensor<2xf64>)
// CHECK:         %[[BC:.*]] = npg.add %[[B]], %[[C]]
// CHECK:         %[[ABC:.*]] = npg.add %[[A]], %[[BC]]
// CHECK:         npg.insert_slice %[[ABC]] into
// CHECK-NOT:     npg.insert_slice
func.func @grouping_kept(%a: tensor<2xf64>, %b: tensor<2xf64>, %c: tensor<2xf64>) -> tensor<5xf64> {
  %z = npg.constant dense<0.0> : tensor<5xf64>
  %0 = npg.insert_slice %a into %z, starts = [1], limits = [3], steps = [1] : tensor<2xf64> into tensor<5xf64>
  %1 = npg.insert_slice %b into %z, starts = [1], limits = [3], steps = [1] : tensor<2xf64> into tensor<5xf64>
  %2 = npg.insert_slice %c into %z, starts = [1], limits = [3], steps = [1] : tensor<2xf64> into tensor<5xf64>
  %3 = npg.add %1, %2 : tensor<5xf64>
  %4 = npg.add %0, %3 : tensor<5xf64>
  return %4 : tensor<5xf64>
}

// -----

// One insert added to itself; even and odd columns (strided, disjoint).
// CHECK-LABEL: func.func @twice_and_strided(
// CHECK-SAME:      %[[A:.*]]: tensor<2x2xf32>, %[[B:.*]]: tensor<2x2xf32>)
// CHECK:         %[[AA:.*]] = npg.add %[[A]], %[[A]]
// CHECK:         %[[I0:.*]] = npg.insert_slice %[[AA]] into %{{.*}}, starts = [0, 0], limits = [2, 4], steps = [1, 2]
// CHECK:         %[[I1:.*]] = npg.insert_slice %[[B]] into %{{.*}}, starts = [0, 3], limits = [2, -1], steps = [1, -2]
// CHECK:         %[[R:.*]] = npg.add %[[I0]], %[[I1]]
// CHECK-NEXT:    return %[[R]]
func.func @twice_and_strided(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> tensor<2x4xf32> {
  %z = npg.constant dense<0.0> : tensor<2x4xf32>
  %0 = npg.insert_slice %a into %z, starts = [0, 0], limits = [2, 4], steps = [1, 2] : tensor<2x2xf32> into tensor<2x4xf32>
  %1 = npg.insert_slice %b into %z, starts = [0, 3], limits = [2, -1], steps = [1, -2] : tensor<2x2xf32> into tensor<2x4xf32>
  %2 = npg.add %0, %0 : tensor<2x4xf32>
  %3 = npg.add %2, %1 : tensor<2x4xf32>
  return %3 : tensor<2x4xf32>
}

// Five regions: groups of two inserted one into another, the groups added.
// CHECK-LABEL: func.func @groups(
// CHECK:         %[[Z:.*]] = npg.constant
// CHECK-NEXT:    %[[I0:.*]] = npg.insert_slice %{{.*}} into %[[Z]], starts = [0]
// CHECK-NEXT:    %[[G0:.*]] = npg.insert_slice %{{.*}} into %[[I0]], starts = [1]
// CHECK-NEXT:    %[[I2:.*]] = npg.insert_slice %{{.*}} into %[[Z]], starts = [2]
// CHECK-NEXT:    %[[G1:.*]] = npg.insert_slice %{{.*}} into %[[I2]], starts = [3]
// CHECK-NEXT:    %[[S:.*]] = npg.add %[[G0]], %[[G1]]
// CHECK-NEXT:    %[[G2:.*]] = npg.insert_slice %{{.*}} into %[[Z]], starts = [4]
// CHECK-NEXT:    %[[R:.*]] = npg.add %[[S]], %[[G2]]
// CHECK-NEXT:    return %[[R]]
func.func @groups(%a: tensor<1xf32>) -> tensor<5xf32> {
  %z = npg.constant dense<0.0> : tensor<5xf32>
  %0 = npg.insert_slice %a into %z, starts = [0], limits = [1], steps = [1] : tensor<1xf32> into tensor<5xf32>
  %1 = npg.insert_slice %a into %z, starts = [1], limits = [2], steps = [1] : tensor<1xf32> into tensor<5xf32>
  %2 = npg.insert_slice %a into %z, starts = [2], limits = [3], steps = [1] : tensor<1xf32> into tensor<5xf32>
  %3 = npg.insert_slice %a into %z, starts = [3], limits = [4], steps = [1] : tensor<1xf32> into tensor<5xf32>
  %4 = npg.insert_slice %a into %z, starts = [4], limits = [5], steps = [1] : tensor<1xf32> into tensor<5xf32>
  %5 = npg.add %0, %1 : tensor<5xf32>
  %6 = npg.add %5, %2 : tensor<5xf32>
  %7 = npg.add %6, %3 : tensor<5xf32>
  %8 = npg.add %7, %4 : tensor<5xf32>
  return %8 : tensor<5xf32>
}

// -----

// Overlapping regions (a convolution's windows): each region's sum in the
// tree's order (rows 0-1: a + c), the first inserted into the zeros, each
// later one added to what the accumulator holds over its positions. An
// element in both regions is (a + c) + b where the tree gave (a + b) + c:
// a rounding apart.
// CHECK-LABEL: func.func @overlapping(
// CHECK-SAME:    %[[A:[^:]*]]: tensor<2xf32>, %[[B:[^:]*]]: tensor<2xf32>, %[[C:[^:]*]]: tensor<2xf32>)
// CHECK:         %[[Z:.*]] = npg.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    %[[AC:.*]] = npg.add %[[A]], %[[C]] : tensor<2xf32>
// CHECK-NEXT:    %[[ACC:.*]] = npg.insert_slice %[[AC]] into %[[Z]], starts = [0], limits = [2], steps = [1]
// CHECK-NEXT:    %[[HELD:.*]] = npg.slice %[[ACC]], starts = [1], limits = [3], steps = [1]
// CHECK-NEXT:    %[[SUM:.*]] = npg.add %[[HELD]], %[[B]] : tensor<2xf32>
// CHECK-NEXT:    %[[R:.*]] = npg.insert_slice %[[SUM]] into %[[ACC]], starts = [1], limits = [3], steps = [1]
// CHECK-NEXT:    return %[[R]]
func.func @overlapping(%a: tensor<2xf32>, %b: tensor<2xf32>, %c: tensor<2xf32>) -> tensor<3xf32> {
  %z = npg.constant dense<0.0> : tensor<3xf32>
  %0 = npg.insert_slice %a into %z, starts = [0], limits = [2], steps = [1] : tensor<2xf32> into tensor<3xf32>
  %1 = npg.insert_slice %b into %z, starts = [1], limits = [3], steps = [1] : tensor<2xf32> into tensor<3xf32>
  %2 = npg.insert_slice %c into %z, starts = [0], limits = [2], steps = [1] : tensor<2xf32> into tensor<3xf32>
  %3 = npg.add %0, %1 : tensor<3xf32>
  %4 = npg.add %3, %2 : tensor<3xf32>
  return %4 : tensor<3xf32>
}

// Left alone: an insert into a constant that is not zeros, a leaf that is
// not an insert, an insert into an argument.

// CHECK-LABEL: func.func @into_ones(
// CHECK-COUNT-2: npg.insert_slice
// CHECK:         npg.add
func.func @into_ones(%a: tensor<1xf64>, %b: tensor<1xf64>) -> tensor<2xf64> {
  %c = npg.constant dense<1.0> : tensor<2xf64>
  %0 = npg.insert_slice %a into %c, starts = [0], limits = [1], steps = [1] : tensor<1xf64> into tensor<2xf64>
  %1 = npg.insert_slice %b into %c, starts = [1], limits = [2], steps = [1] : tensor<1xf64> into tensor<2xf64>
  %2 = npg.add %0, %1 : tensor<2xf64>
  return %2 : tensor<2xf64>
}

// CHECK-LABEL: func.func @other_leaf(
// CHECK-COUNT-2: npg.insert_slice
// CHECK-COUNT-2: npg.add
func.func @other_leaf(%a: tensor<1xf32>, %b: tensor<1xf32>, %x: tensor<2xf32>) -> tensor<2xf32> {
  %z = npg.constant dense<0.0> : tensor<2xf32>
  %0 = npg.insert_slice %a into %z, starts = [0], limits = [1], steps = [1] : tensor<1xf32> into tensor<2xf32>
  %1 = npg.insert_slice %b into %z, starts = [1], limits = [2], steps = [1] : tensor<1xf32> into tensor<2xf32>
  %2 = npg.add %0, %x : tensor<2xf32>
  %3 = npg.add %2, %1 : tensor<2xf32>
  return %3 : tensor<2xf32>
}

// CHECK-LABEL: func.func @into_argument(
// CHECK-COUNT-2: npg.insert_slice
// CHECK:         npg.add
func.func @into_argument(%x: tensor<2xf32>, %a: tensor<1xf32>, %b: tensor<1xf32>) -> tensor<2xf32> {
  %0 = npg.insert_slice %a into %x, starts = [0], limits = [1], steps = [1] : tensor<1xf32> into tensor<2xf32>
  %1 = npg.insert_slice %b into %x, starts = [1], limits = [2], steps = [1] : tensor<1xf32> into tensor<2xf32>
  %2 = npg.add %0, %1 : tensor<2xf32>
  return %2 : tensor<2xf32>
}

// Even and odd positions of 10000, the even ones twice: disjoint, but
// telling so takes more than the 4096 positions the pass compares per
// dimension, so the regions are taken to meet: accumulated one after the
// other, the even gradients summed first.
// CHECK-LABEL: func.func @too_long_to_compare(
// CHECK:         %[[EVEN:.*]] = npg.add %{{.*}}, %{{.*}} : tensor<5000xf32>
// CHECK-COUNT-2: npg.insert_slice
// CHECK-NOT:     npg.add %{{.*}} : tensor<10000xf32>
// CHECK:         return
func.func @too_long_to_compare(%a: tensor<5000xf32>, %b: tensor<5000xf32>) -> tensor<10000xf32> {
  %z = npg.constant dense<0.0> : tensor<10000xf32>
  %0 = npg.insert_slice %a into %z, starts = [0], limits = [10000], steps = [2] : tensor<5000xf32> into tensor<10000xf32>
  %1 = npg.insert_slice %b into %z, starts = [1], limits = [10000], steps = [2] : tensor<5000xf32> into tensor<10000xf32>
  %2 = npg.add %0, %1 : tensor<10000xf32>
  %3 = npg.add %2, %0 : tensor<10000xf32>
  return %3 : tensor<10000xf32>
}
