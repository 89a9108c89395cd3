// Softmax attention written twice in upstream linalg, as a frontend would
// emit it: with linalg.softmax (@named) and with torch-mlir's decomposed
// softmax generics (@decomposed). raise-vs-upstream.test runs it through
// `attn-cpu-pipeline{raise}` and through upstream passes alone.
//
// Inputs make every result exact in f32, so both lowerings must print the
// same digits: scores of 200 * q.k with unit q and k make exp(-200) = 0
// (one-hot rows: row 0 -> v0, row 1 -> v1); q = 0 gives uniform rows (row
// 2 -> mean of v = [4, 4]); the mask hides keys 2 and 3 of row 3 (-> mean
// of v0, v1 = [2, 6]).
func.func private @printMemrefF32(memref<*xf32>)

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

func.func @named(%q: tensor<4x2xf32>, %k: tensor<4x2xf32>, %v: tensor<4x2xf32>, %mask: tensor<4x4xf32>) -> tensor<4x2xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %c200 = arith.constant 2.000000e+02 : f32
  %0 = tensor.empty() : tensor<4x4xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %s = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%q, %k : tensor<4x2xf32>, tensor<4x2xf32>) outs(%1 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %sc = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%s : tensor<4x4xf32>) outs(%0 : tensor<4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.mulf %in, %c200 : f32
    linalg.yield %x : f32
  } -> tensor<4x4xf32>
  %m = linalg.add ins(%sc, %mask : tensor<4x4xf32>, tensor<4x4xf32>) outs(%0 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %p = linalg.softmax dimension(1) ins(%m : tensor<4x4xf32>) outs(%0 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %2 = tensor.empty() : tensor<4x2xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<4x2xf32>) -> tensor<4x2xf32>
  %o = linalg.matmul ins(%p, %v : tensor<4x4xf32>, tensor<4x2xf32>) outs(%3 : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %o : tensor<4x2xf32>
}

func.func @decomposed(%q: tensor<4x2xf32>, %k: tensor<4x2xf32>, %v: tensor<4x2xf32>, %mask: tensor<4x4xf32>) -> tensor<4x2xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %c200 = arith.constant 2.000000e+02 : f32
  %0 = tensor.empty() : tensor<4x4xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %kt0 = tensor.empty() : tensor<2x4xf32>
  %kt = linalg.transpose ins(%k : tensor<4x2xf32>) outs(%kt0 : tensor<2x4xf32>) permutation = [1, 0]
  %s = linalg.matmul ins(%q, %kt : tensor<4x2xf32>, tensor<2x4xf32>) outs(%1 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %sc = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%s : tensor<4x4xf32>) outs(%0 : tensor<4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.mulf %in, %c200 : f32
    linalg.yield %x : f32
  } -> tensor<4x4xf32>
  %m = linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%sc, %mask : tensor<4x4xf32>, tensor<4x4xf32>) outs(%0 : tensor<4x4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.addf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<4x4xf32>
  %r0 = tensor.empty() : tensor<4xf32>
  %r1 = linalg.fill ins(%ninf : f32) outs(%r0 : tensor<4xf32>) -> tensor<4xf32>
  %max = linalg.generic {indexing_maps = [#id2, #row], iterator_types = ["parallel", "reduction"]} ins(%m : tensor<4x4xf32>) outs(%r1 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.maximumf %in, %out : f32
    linalg.yield %x : f32
  } -> tensor<4xf32>
  %sub = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%m, %max : tensor<4x4xf32>, tensor<4xf32>) outs(%0 : tensor<4x4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.subf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<4x4xf32>
  %e = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%sub : tensor<4x4xf32>) outs(%0 : tensor<4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = math.exp %in : f32
    linalg.yield %x : f32
  } -> tensor<4x4xf32>
  %z = linalg.fill ins(%cst : f32) outs(%r0 : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [#id2, #row], iterator_types = ["parallel", "reduction"]} ins(%e : tensor<4x4xf32>) outs(%z : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.addf %in, %out : f32
    linalg.yield %x : f32
  } -> tensor<4xf32>
  %p = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%e, %sum : tensor<4x4xf32>, tensor<4xf32>) outs(%0 : tensor<4x4xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.divf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<4x4xf32>
  %2 = tensor.empty() : tensor<4x2xf32>
  %3 = linalg.fill ins(%cst : f32) outs(%2 : tensor<4x2xf32>) -> tensor<4x2xf32>
  %o = linalg.matmul ins(%p, %v : tensor<4x4xf32>, tensor<4x2xf32>) outs(%3 : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %o : tensor<4x2xf32>
}

func.func @main() {
  %q = arith.constant dense<[[1.0, 0.0], [0.0, 1.0], [0.0, 0.0], [0.0, 0.0]]> : tensor<4x2xf32>
  %k = arith.constant dense<[[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]> : tensor<4x2xf32>
  %v = arith.constant dense<[[4.0, 8.0], [0.0, 4.0], [8.0, 0.0], [4.0, 4.0]]> : tensor<4x2xf32>
  %mask = arith.constant dense<[[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0xFF800000, 0xFF800000]]> : tensor<4x4xf32>
  %a = call @named(%q, %k, %v, %mask) : (tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x4xf32>) -> tensor<4x2xf32>
  %b = call @decomposed(%q, %k, %v, %mask) : (tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x4xf32>) -> tensor<4x2xf32>
  %am = bufferization.to_buffer %a : tensor<4x2xf32> to memref<4x2xf32>
  %au = memref.cast %am : memref<4x2xf32> to memref<*xf32>
  call @printMemrefF32(%au) : (memref<*xf32>) -> ()
  %bm = bufferization.to_buffer %b : tensor<4x2xf32> to memref<4x2xf32>
  %bu = memref.cast %bm : memref<4x2xf32> to memref<*xf32>
  call @printMemrefF32(%bu) : (memref<*xf32>) -> ()
  return
}
