// attn-raise on softmax attention as torch-mlir's TorchToLinalg prints
// scaled_dot_product_attention after its decompositions (docs/frontends.md,
// form b): aten.transpose.int -> linalg.transpose, aten.matmul on 4-D
// tensors -> a contraction generic, aten.div.Scalar by sqrt(d) (an f64
// scalar truncated to f32), and aten.softmax.int decomposed into amax
// (keepdim: a [.., 1] result read at 0), sub.Tensor (lhs - rhs * alpha),
// exp, sum.dim_IntList (keepdim) and div.Tensor generics.
// RUN: attn-opt %s --attn-raise | FileCheck %s

// CHECK-LABEL: func @sdpa_decomposed
// CHECK-SAME: (%[[Q:.*]]: tensor<1x4x64x32xf32>, %[[K:.*]]: tensor<1x4x80x32xf32>, %[[V:.*]]: tensor<1x4x80x16xf32>)
// CHECK: %[[O:.*]] = attn.vanilla ins(%[[Q]], %[[K]], %[[V]] : tensor<1x4x64x32xf32>, tensor<1x4x80x32xf32>, tensor<1x4x80x16xf32>) outs(%{{.*}} : tensor<1x4x64x16xf32>) {scale = 0.176776692 : f32} -> tensor<1x4x64x16xf32>
// CHECK-NOT: linalg.
// CHECK-NOT: math.exp
// CHECK: return %[[O]]
#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map1 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
#map2 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d4, d3)>
#map3 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
#map4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, 0)>
func.func @sdpa_decomposed(%arg0: tensor<1x4x64x32xf32>, %arg1: tensor<1x4x80x32xf32>, %arg2: tensor<1x4x80x16xf32>) -> tensor<1x4x64x16xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 0xFF800000 : f32
  %cst_1 = arith.constant 5.6568542494923806 : f64
  %c1_i64 = arith.constant 1 : i64
  %0 = tensor.empty() : tensor<1x4x32x80xf32>
  %transposed = linalg.transpose ins(%arg1 : tensor<1x4x80x32xf32>) outs(%0 : tensor<1x4x32x80xf32>) permutation = [0, 1, 3, 2]
  %1 = tensor.empty() : tensor<1x4x64x80xf32>
  %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<1x4x64x80xf32>) -> tensor<1x4x64x80xf32>
  %3 = linalg.generic {indexing_maps = [#map1, #map2, #map3], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%arg0, %transposed : tensor<1x4x64x32xf32>, tensor<1x4x32x80xf32>) outs(%2 : tensor<1x4x64x80xf32>) {
  ^bb0(%in: f32, %in_2: f32, %out: f32):
    %20 = arith.mulf %in, %in_2 : f32
    %21 = arith.addf %out, %20 : f32
    linalg.yield %21 : f32
  } -> tensor<1x4x64x80xf32>
  %4 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%3 : tensor<1x4x64x80xf32>) outs(%1 : tensor<1x4x64x80xf32>) {
  ^bb0(%in: f32, %out: f32):
    %20 = arith.truncf %cst_1 : f64 to f32
    %21 = arith.divf %in, %20 : f32
    linalg.yield %21 : f32
  } -> tensor<1x4x64x80xf32>
  %5 = tensor.empty() : tensor<1x4x64x1xf32>
  %6 = linalg.fill ins(%cst_0 : f32) outs(%5 : tensor<1x4x64x1xf32>) -> tensor<1x4x64x1xf32>
  %7 = linalg.generic {indexing_maps = [#map, #map4], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%4 : tensor<1x4x64x80xf32>) outs(%6 : tensor<1x4x64x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %20 = arith.maximumf %in, %out : f32
    linalg.yield %20 : f32
  } -> tensor<1x4x64x1xf32>
  %8 = linalg.generic {indexing_maps = [#map, #map4, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%4, %7 : tensor<1x4x64x80xf32>, tensor<1x4x64x1xf32>) outs(%1 : tensor<1x4x64x80xf32>) {
  ^bb0(%in: f32, %in_2: f32, %out: f32):
    %20 = arith.sitofp %c1_i64 : i64 to f32
    %21 = arith.mulf %in_2, %20 : f32
    %22 = arith.subf %in, %21 : f32
    linalg.yield %22 : f32
  } -> tensor<1x4x64x80xf32>
  %9 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%8 : tensor<1x4x64x80xf32>) outs(%1 : tensor<1x4x64x80xf32>) {
  ^bb0(%in: f32, %out: f32):
    %20 = math.exp %in : f32
    linalg.yield %20 : f32
  } -> tensor<1x4x64x80xf32>
  %10 = linalg.fill ins(%cst : f32) outs(%5 : tensor<1x4x64x1xf32>) -> tensor<1x4x64x1xf32>
  %11 = linalg.generic {indexing_maps = [#map, #map4], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%9 : tensor<1x4x64x80xf32>) outs(%10 : tensor<1x4x64x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %20 = arith.addf %in, %out : f32
    linalg.yield %20 : f32
  } -> tensor<1x4x64x1xf32>
  %12 = linalg.generic {indexing_maps = [#map, #map4, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%9, %11 : tensor<1x4x64x80xf32>, tensor<1x4x64x1xf32>) outs(%1 : tensor<1x4x64x80xf32>) {
  ^bb0(%in: f32, %in_2: f32, %out: f32):
    %20 = arith.divf %in, %in_2 : f32
    linalg.yield %20 : f32
  } -> tensor<1x4x64x80xf32>
  %13 = tensor.empty() : tensor<1x4x64x16xf32>
  %14 = linalg.fill ins(%cst : f32) outs(%13 : tensor<1x4x64x16xf32>) -> tensor<1x4x64x16xf32>
  %15 = linalg.generic {indexing_maps = [#map1, #map2, #map3], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%12, %arg2 : tensor<1x4x64x80xf32>, tensor<1x4x80x16xf32>) outs(%14 : tensor<1x4x64x16xf32>) {
  ^bb0(%in: f32, %in_2: f32, %out: f32):
    %20 = arith.mulf %in, %in_2 : f32
    %21 = arith.addf %out, %20 : f32
    linalg.yield %21 : f32
  } -> tensor<1x4x64x16xf32>
  return %15 : tensor<1x4x64x16xf32>
}

// The same with the reductions producing [B, H, N] (keepdim=False, map
// dropping the reduced dim) expanded by tensor.expand_shape, exp fused with
// the subtraction in one generic, and an additive [N, M] mask.
// CHECK-LABEL: func @softmax_fused_expand
// CHECK: attn.vanilla ins(%arg0, %arg1, %arg2, %arg3 : tensor<2x5x8xf32>, tensor<2x6x8xf32>, tensor<2x6x4xf32>, tensor<5x6xf32>) outs(%{{.*}} : tensor<2x5x4xf32>) {scale = 1.000000e+00 : f32}
// CHECK-NOT: linalg.
#id3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#row3 = affine_map<(d0, d1, d2) -> (d0, d1)>
#keep3 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#nm3 = affine_map<(d0, d1, d2) -> (d1, d2)>
func.func @softmax_fused_expand(%arg0: tensor<2x5x8xf32>, %arg1: tensor<2x6x8xf32>, %arg2: tensor<2x6x4xf32>, %arg3: tensor<5x6xf32>) -> tensor<2x5x4xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant -3.40282347E+38 : f32
  %0 = tensor.empty() : tensor<2x5x6xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<2x5x6xf32>) -> tensor<2x5x6xf32>
  %2 = linalg.batch_matmul indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>] ins(%arg0, %arg1 : tensor<2x5x8xf32>, tensor<2x6x8xf32>) outs(%1 : tensor<2x5x6xf32>) -> tensor<2x5x6xf32>
  %3 = linalg.generic {indexing_maps = [#id3, #nm3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%2, %arg3 : tensor<2x5x6xf32>, tensor<5x6xf32>) outs(%0 : tensor<2x5x6xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %20 = arith.addf %in, %in_1 : f32
    linalg.yield %20 : f32
  } -> tensor<2x5x6xf32>
  %4 = tensor.empty() : tensor<2x5xf32>
  %5 = linalg.fill ins(%cst_0 : f32) outs(%4 : tensor<2x5xf32>) -> tensor<2x5xf32>
  %6 = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%3 : tensor<2x5x6xf32>) outs(%5 : tensor<2x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %20 = arith.maxnumf %out, %in : f32
    linalg.yield %20 : f32
  } -> tensor<2x5xf32>
  %expanded = tensor.expand_shape %6 [[0], [1, 2]] output_shape [2, 5, 1] : tensor<2x5xf32> into tensor<2x5x1xf32>
  %7 = linalg.generic {indexing_maps = [#id3, #keep3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%3, %expanded : tensor<2x5x6xf32>, tensor<2x5x1xf32>) outs(%0 : tensor<2x5x6xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %20 = arith.subf %in, %in_1 : f32
    %21 = math.exp %20 : f32
    linalg.yield %21 : f32
  } -> tensor<2x5x6xf32>
  %8 = linalg.fill ins(%cst : f32) outs(%4 : tensor<2x5xf32>) -> tensor<2x5xf32>
  %9 = linalg.generic {indexing_maps = [#id3, #row3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%7 : tensor<2x5x6xf32>) outs(%8 : tensor<2x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %20 = arith.addf %in, %out : f32
    linalg.yield %20 : f32
  } -> tensor<2x5xf32>
  %10 = linalg.generic {indexing_maps = [#id3, #row3, #id3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%7, %9 : tensor<2x5x6xf32>, tensor<2x5xf32>) outs(%0 : tensor<2x5x6xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %20 = arith.divf %in, %in_1 : f32
    linalg.yield %20 : f32
  } -> tensor<2x5x6xf32>
  %11 = tensor.empty() : tensor<2x5x4xf32>
  %12 = linalg.fill ins(%cst : f32) outs(%11 : tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
  %13 = linalg.batch_matmul ins(%10, %arg2 : tensor<2x5x6xf32>, tensor<2x6x4xf32>) outs(%12 : tensor<2x5x4xf32>) -> tensor<2x5x4xf32>
  return %13 : tensor<2x5x4xf32>
}
