#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

func.func @scale_rows_then_matmul(%x: tensor<4x8xf32>, %w: tensor<8x2xf32>,
                                  %s: tensor<4xf32>) -> tensor<4x2xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %scaled = linalg.generic {indexing_maps = [#id, #row, #id],
                            iterator_types = ["parallel", "parallel"]}
      ins(%x, %s : tensor<4x8xf32>, tensor<4xf32>)
      outs(%e : tensor<4x8xf32>) {
  ^bb0(%in: f32, %scale: f32, %out: f32):
    %m = arith.mulf %in, %scale : f32
    %ex = math.exp %m : f32
    linalg.yield %ex : f32
  } -> tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<4x2xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<4x2xf32>)
      -> tensor<4x2xf32>
  %mm = linalg.matmul ins(%scaled, %w : tensor<4x8xf32>, tensor<8x2xf32>)
                      outs(%acc : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %mm : tensor<4x2xf32>
}

func.func @scalar_arith(%a: i32, %b: i32, %c: f64) -> (i32, f64) {
  %0 = arith.addi %a, %b : i32
  %1 = arith.cmpi slt, %0, %b : i32
  %2 = arith.select %1, %0, %b : i32
  %3 = arith.sitofp %2 : i32 to f64
  %4 = arith.divf %3, %c : f64
  return %2, %4 : i32, f64
}
