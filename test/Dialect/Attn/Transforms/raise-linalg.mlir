// attn-raise on linalg named ops (docs/frontends.md, form a): Q*K^T with K
// transposed by linalg.transpose, by the matmul's indexing maps or by a
// transposing generic; an optional scale and an optional additive mask;
// linalg.softmax over the last dim; then *V. Each chain becomes one
// attn.vanilla and the matched ops are erased.
// RUN: attn-opt %s --attn-raise --split-input-file | FileCheck %s

// CHECK-LABEL: func @batch_matmul_transpose_scale
// CHECK-SAME: (%[[Q:.*]]: tensor<2x96x8xf32>, %[[K:.*]]: tensor<2x200x8xf32>, %[[V:.*]]: tensor<2x200x16xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x96x16xf32>
// CHECK: %[[O:.*]] = attn.vanilla ins(%[[Q]], %[[K]], %[[V]] : tensor<2x96x8xf32>, tensor<2x200x8xf32>, tensor<2x200x16xf32>) outs(%[[E]] : tensor<2x96x16xf32>) {scale = 1.250000e-01 : f32} -> tensor<2x96x16xf32>
// CHECK-NEXT: return %[[O]]
#map = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @batch_matmul_transpose_scale(%q: tensor<2x96x8xf32>, %k: tensor<2x200x8xf32>, %v: tensor<2x200x16xf32>) -> tensor<2x96x16xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 1.250000e-01 : f32
  %0 = tensor.empty() : tensor<2x8x200xf32>
  %transposed = linalg.transpose ins(%k : tensor<2x200x8xf32>) outs(%0 : tensor<2x8x200xf32>) permutation = [0, 2, 1]
  %1 = tensor.empty() : tensor<2x96x200xf32>
  %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<2x96x200xf32>) -> tensor<2x96x200xf32>
  %3 = linalg.batch_matmul ins(%q, %transposed : tensor<2x96x8xf32>, tensor<2x8x200xf32>) outs(%2 : tensor<2x96x200xf32>) -> tensor<2x96x200xf32>
  %4 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%3 : tensor<2x96x200xf32>) outs(%1 : tensor<2x96x200xf32>) {
  ^bb0(%in: f32, %out: f32):
    %10 = arith.mulf %in, %cst_0 : f32
    linalg.yield %10 : f32
  } -> tensor<2x96x200xf32>
  %5 = tensor.empty() : tensor<2x96x200xf32>
  %6 = linalg.softmax dimension(2) ins(%4 : tensor<2x96x200xf32>) outs(%5 : tensor<2x96x200xf32>) -> tensor<2x96x200xf32>
  %7 = tensor.empty() : tensor<2x96x16xf32>
  %8 = linalg.fill ins(%cst : f32) outs(%7 : tensor<2x96x16xf32>) -> tensor<2x96x16xf32>
  %9 = linalg.batch_matmul ins(%6, %v : tensor<2x96x200xf32>, tensor<2x200x16xf32>) outs(%8 : tensor<2x96x16xf32>) -> tensor<2x96x16xf32>
  return %9 : tensor<2x96x16xf32>
}

// -----

// K^T through linalg.matmul's indexing maps (the former matmul_transpose_b),
// the scale as a division by sqrt(d) = 4 and an additive mask through
// linalg.add.
// CHECK-LABEL: func @matmul_maps_div_mask
// CHECK-SAME: (%[[Q:.*]]: tensor<33x16xf32>, %[[K:.*]]: tensor<70x16xf32>, %[[V:.*]]: tensor<70x8xf32>, %[[M:.*]]: tensor<33x70xf32>)
// CHECK: attn.vanilla ins(%[[Q]], %[[K]], %[[V]], %[[M]] : tensor<33x16xf32>, tensor<70x16xf32>, tensor<70x8xf32>, tensor<33x70xf32>) outs(%{{.*}} : tensor<33x8xf32>) {scale = 2.500000e-01 : f32}
// CHECK-NOT: linalg.
// CHECK: return
#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @matmul_maps_div_mask(%q: tensor<33x16xf32>, %k: tensor<70x16xf32>, %v: tensor<70x8xf32>, %mask: tensor<33x70xf32>) -> tensor<33x8xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %cst_0 = arith.constant 4.000000e+00 : f32
  %0 = tensor.empty() : tensor<33x70xf32>
  %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<33x70xf32>) -> tensor<33x70xf32>
  %2 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%q, %k : tensor<33x16xf32>, tensor<70x16xf32>) outs(%1 : tensor<33x70xf32>) -> tensor<33x70xf32>
  %3 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%2 : tensor<33x70xf32>) outs(%0 : tensor<33x70xf32>) {
  ^bb0(%in: f32, %out: f32):
    %9 = arith.divf %in, %cst_0 : f32
    linalg.yield %9 : f32
  } -> tensor<33x70xf32>
  %4 = linalg.add ins(%3, %mask : tensor<33x70xf32>, tensor<33x70xf32>) outs(%0 : tensor<33x70xf32>) -> tensor<33x70xf32>
  %5 = linalg.softmax dimension(1) ins(%4 : tensor<33x70xf32>) outs(%0 : tensor<33x70xf32>) -> tensor<33x70xf32>
  %6 = tensor.empty() : tensor<33x8xf32>
  %7 = linalg.fill ins(%cst : f32) outs(%6 : tensor<33x8xf32>) -> tensor<33x8xf32>
  %8 = linalg.matmul ins(%5, %v : tensor<33x70xf32>, tensor<70x8xf32>) outs(%7 : tensor<33x8xf32>) -> tensor<33x8xf32>
  return %8 : tensor<33x8xf32>
}

// -----

// No scale op: attn.vanilla gets scale = 1 explicitly (its default would
// be 1/sqrt(d)). K^T from a transposing generic; a [B, 1, M] key-padding
// mask added by a broadcasting generic (size-1 dim read at 0), and
// linalg.mul by a filled splat as the scale.
// CHECK-LABEL: func @generic_transpose_broadcast_mask
// CHECK-SAME: (%[[Q:.*]]: tensor<2x7x4xf32>, %[[K:.*]]: tensor<2x9x4xf32>, %[[V:.*]]: tensor<2x9x3xf32>, %[[M:.*]]: tensor<2x1x9xf32>)
// CHECK: attn.vanilla ins(%[[Q]], %[[K]], %[[V]], %[[M]] : {{.*}}) outs(%{{.*}} : tensor<2x7x3xf32>) {scale = 5.000000e-01 : f32}
// CHECK-NOT: linalg.
// CHECK-LABEL: func @no_scale
// CHECK: attn.vanilla ins(%arg0, %arg1, %arg2 : tensor<5x4xf32>, tensor<6x4xf32>, tensor<6x2xf32>) outs(%{{.*}} : tensor<5x2xf32>) {scale = 1.000000e+00 : f32}
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#tr = affine_map<(d0, d1, d2) -> (d0, d2, d1)>
#bc = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
func.func @generic_transpose_broadcast_mask(%q: tensor<2x7x4xf32>, %k: tensor<2x9x4xf32>, %v: tensor<2x9x3xf32>, %mask: tensor<2x1x9xf32>) -> tensor<2x7x3xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %half = arith.constant 5.000000e-01 : f32
  %0 = tensor.empty() : tensor<2x4x9xf32>
  %kt = linalg.generic {indexing_maps = [#tr, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%k : tensor<2x9x4xf32>) outs(%0 : tensor<2x4x9xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<2x4x9xf32>
  %1 = tensor.empty() : tensor<2x7x9xf32>
  %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<2x7x9xf32>) -> tensor<2x7x9xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<2x7x4xf32>, tensor<2x4x9xf32>) outs(%2 : tensor<2x7x9xf32>) -> tensor<2x7x9xf32>
  %h = linalg.fill ins(%half : f32) outs(%1 : tensor<2x7x9xf32>) -> tensor<2x7x9xf32>
  %sc = linalg.mul ins(%s, %h : tensor<2x7x9xf32>, tensor<2x7x9xf32>) outs(%1 : tensor<2x7x9xf32>) -> tensor<2x7x9xf32>
  %m = linalg.generic {indexing_maps = [#id, #bc, #id], iterator_types = ["parallel", "parallel", "parallel"]} ins(%sc, %mask : tensor<2x7x9xf32>, tensor<2x1x9xf32>) outs(%1 : tensor<2x7x9xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %a = arith.addf %in, %in_1 : f32
    linalg.yield %a : f32
  } -> tensor<2x7x9xf32>
  %p = linalg.softmax dimension(2) ins(%m : tensor<2x7x9xf32>) outs(%1 : tensor<2x7x9xf32>) -> tensor<2x7x9xf32>
  %3 = tensor.empty() : tensor<2x7x3xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%3 : tensor<2x7x3xf32>) -> tensor<2x7x3xf32>
  %o = linalg.batch_matmul ins(%p, %v : tensor<2x7x9xf32>, tensor<2x9x3xf32>) outs(%4 : tensor<2x7x3xf32>) -> tensor<2x7x3xf32>
  return %o : tensor<2x7x3xf32>
}

func.func @no_scale(%q: tensor<5x4xf32>, %k: tensor<6x4xf32>, %v: tensor<6x2xf32>) -> tensor<5x2xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<4x6xf32>
  %kt = linalg.transpose ins(%k : tensor<6x4xf32>) outs(%0 : tensor<4x6xf32>) permutation = [1, 0]
  %1 = tensor.empty() : tensor<5x6xf32>
  %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %s = linalg.matmul ins(%q, %kt : tensor<5x4xf32>, tensor<4x6xf32>) outs(%2 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %p = linalg.softmax dimension(1) ins(%s : tensor<5x6xf32>) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %3 = tensor.empty() : tensor<5x2xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%3 : tensor<5x2xf32>) -> tensor<5x2xf32>
  %o = linalg.matmul ins(%p, %v : tensor<5x6xf32>, tensor<6x2xf32>) outs(%4 : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %o : tensor<5x2xf32>
}
