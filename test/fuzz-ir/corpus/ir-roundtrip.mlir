func.func @constants() -> (tensor<f32>, tensor<2x2xi64>, tensor<3xi1>, tensor<2x3xf64>, tensor<i32>) {
  %0 = npg.constant dense<1.0> : tensor<f32>
  %1 = npg.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %2 = npg.constant dense<[true, false, true]> : tensor<3xi1>
  %3 = npg.constant dense<0.5> : tensor<2x3xf64>
  %4 = npg.constant {note = "kept"} dense<7> : tensor<i32>
  return %0, %1, %2, %3, %4 : tensor<f32>, tensor<2x2xi64>, tensor<3xi1>, tensor<2x3xf64>, tensor<i32>
}

func.func @binary(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %i: tensor<4xi64>, %s: tensor<f64>, %p: tensor<5xi1>) {
  %0 = npg.add %a, %b : tensor<2x3xf32>
  %1 = npg.sub %a, %b : tensor<2x3xf32>
  %2 = npg.mul %a, %b : tensor<2x3xf32>
  %3 = npg.div %a, %b : tensor<2x3xf32>
  %4 = npg.pow %a, %b : tensor<2x3xf32>
  %5 = npg.maximum %a, %b : tensor<2x3xf32>
  %6 = npg.minimum %a, %b : tensor<2x3xf32>
  %7 = npg.add %i, %i : tensor<4xi64>
  %8 = npg.div %i, %i : tensor<4xi64>
  %9 = npg.mul %s, %s : tensor<f64>
  %10 = npg.maximum %p, %p : tensor<5xi1>
  return
}

func.func @unary(%x: tensor<2x3xf32>, %i: tensor<3xi32>, %d: tensor<f64>) {
  %0 = npg.neg %x : tensor<2x3xf32>
  %1 = npg.exp %x : tensor<2x3xf32>
  %2 = npg.log %x : tensor<2x3xf32>
  %3 = npg.sqrt %x : tensor<2x3xf32>
  %4 = npg.abs %x : tensor<2x3xf32>
  %5 = npg.tanh %x : tensor<2x3xf32>
  %6 = npg.sigmoid %x : tensor<2x3xf32>
  %7 = npg.relu %x : tensor<2x3xf32>
  %8 = npg.sin %x : tensor<2x3xf32>
  %9 = npg.cos %x : tensor<2x3xf32>
  %10 = npg.tan %x : tensor<2x3xf32>
  %11 = npg.sign %x : tensor<2x3xf32>
  %12 = npg.floor %x : tensor<2x3xf32>
  %13 = npg.ceil %x : tensor<2x3xf32>
  %14 = npg.round %x : tensor<2x3xf32>
  %15 = npg.neg %i : tensor<3xi32>
  %16 = npg.abs %i : tensor<3xi32>
  %17 = npg.sign %i : tensor<3xi32>
  %18 = npg.relu %i : tensor<3xi32>
  %19 = npg.exp %d : tensor<f64>
  return
}

func.func @compare_select_cast(%a: tensor<3xf32>, %b: tensor<3xf32>, %i: tensor<2x2xi64>) -> tensor<3xf32> {
  %eq = npg.compare eq, %a, %b : tensor<3xf32>
  %ne = npg.compare ne, %a, %b : tensor<3xf32>
  %lt = npg.compare lt, %a, %b : tensor<3xf32>
  %le = npg.compare le, %a, %b : tensor<3xf32>
  %gt = npg.compare gt, %a, %b : tensor<3xf32>
  %ge = npg.compare ge, %i, %i : tensor<2x2xi64>
  %sel = npg.select %eq, %a, %b : tensor<3xi1>, tensor<3xf32>
  %c0 = npg.cast %a : tensor<3xf32> to tensor<3xf64>
  %c1 = npg.cast %i : tensor<2x2xi64> to tensor<2x2xi1>
  %c2 = npg.cast %eq : tensor<3xi1> to tensor<3xi32>
  return %sel : tensor<3xf32>
}

func.func @broadcast(%v: tensor<3xf32>, %c: tensor<2x1xi32>, %s: tensor<f32>) {
  %0 = npg.broadcast_to %v, dims = [1] : tensor<3xf32> to tensor<2x3xf32>
  %1 = npg.broadcast_to %c, dims = [0, 1] : tensor<2x1xi32> to tensor<2x4xi32>
  %2 = npg.broadcast_to %c, dims = [0, 2] : tensor<2x1xi32> to tensor<2x5x1xi32>
  %3 = npg.broadcast_to %s, dims = [] : tensor<f32> to tensor<4x5xf32>
  return
}

func.func @reductions(%x: tensor<2x3x4xf32>, %b: tensor<5xi1>) {
  %0 = npg.reduce_sum %x, axes = [0, 2], keepdims = false : tensor<2x3x4xf32> -> tensor<3xf32>
  %1 = npg.reduce_sum %x, axes = [0, 2], keepdims = true : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
  %2 = npg.reduce_max %x, axes = [0, 1, 2], keepdims = false : tensor<2x3x4xf32> -> tensor<f32>
  %3 = npg.reduce_min %x, axes = [], keepdims = false : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %4 = npg.reduce_max %b, axes = [0], keepdims = false : tensor<5xi1> -> tensor<i1>
  return
}

func.func @shapes(%x: tensor<2x3xf32>, %y: tensor<2x3x4xi64>) {
  %0 = npg.reshape %x : tensor<2x3xf32> to tensor<6xf32>
  %1 = npg.reshape %x : tensor<2x3xf32> to tensor<3x1x2xf32>
  %2 = npg.transpose %x, perm = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %3 = npg.transpose %y, perm = [2, 0, 1] : tensor<2x3x4xi64> -> tensor<4x2x3xi64>
  return
}

func.func @matmuls(%m: tensor<2x3xf32>, %n: tensor<3x4xf32>, %v: tensor<3xf32>,
                   %w: tensor<2xf32>, %b: tensor<5x1x2x3xf32>, %c: tensor<6x3x4xf32>) {
  %0 = npg.matmul %m, %n : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  %1 = npg.matmul %m, %v : tensor<2x3xf32>, tensor<3xf32> -> tensor<2xf32>
  %2 = npg.matmul %w, %m : tensor<2xf32>, tensor<2x3xf32> -> tensor<3xf32>
  %3 = npg.matmul %v, %v : tensor<3xf32>, tensor<3xf32> -> tensor<f32>
  %4 = npg.matmul %b, %c : tensor<5x1x2x3xf32>, tensor<6x3x4xf32> -> tensor<5x6x2x4xf32>
  %5 = npg.matmul %b, %v : tensor<5x1x2x3xf32>, tensor<3xf32> -> tensor<5x1x2xf32>
  return
}

func.func @slices(%x: tensor<4x3xf32>, %e: tensor<0xi32>) {
  %0 = npg.slice %x, starts = [0, 2], limits = [2, -1], steps = [1, -1] : tensor<4x3xf32> -> tensor<2x3xf32>
  %1 = npg.slice %x, starts = [1, 0], limits = [4, 3], steps = [2, 5] : tensor<4x3xf32> -> tensor<2x1xf32>
  %2 = npg.slice %x, starts = [2, 1], limits = [2, 1], steps = [1, -1] : tensor<4x3xf32> -> tensor<0x0xf32>
  %3 = npg.slice %e, starts = [-1], limits = [-1], steps = [-1] : tensor<0xi32> -> tensor<0xi32>
  return
}

func.func @insert_slices(%s: tensor<2x3xf32>, %x: tensor<4x3xf32>, %e: tensor<0xi32>) {
  %0 = npg.insert_slice %s into %x, starts = [1, 2], limits = [4, -1], steps = [2, -1] : tensor<2x3xf32> into tensor<4x3xf32>
  %1 = npg.insert_slice %e into %e, starts = [-1], limits = [-1], steps = [-1] : tensor<0xi32> into tensor<0xi32>
  return
}

func.func @concats(%a: tensor<2x3xf32>, %b: tensor<1x3xf32>) {
  %0 = npg.concat %a, %b, axis = 0 : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<3x3xf32>
  %1 = npg.concat %a, %a, %a, axis = 1 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x9xf32>
  %2 = npg.concat %b, axis = 0 : tensor<1x3xf32> -> tensor<1x3xf32>
  return
}
