// attn-raise leaves alone everything that is not exactly softmax attention
// (docs/frontends.md): each function below differs from a raisable chain in
// one detail, and must come out unchanged.
// RUN: attn-opt %s --attn-raise --split-input-file | FileCheck %s
// RUN: attn-opt %s --attn-raise --split-input-file | FileCheck %s --check-prefix=NONE
// NONE-NOT: attn.vanilla

#map = affine_map<(d0, d1) -> (d0, d1)>

// The scale is applied after the mask: scale * (S + mask) is not
// scale * S + mask.
// CHECK-LABEL: func @scale_after_mask
// CHECK: linalg.softmax
func.func @scale_after_mask(%q: tensor<5x4xf32>, %k: tensor<6x4xf32>, %v: tensor<6x2xf32>, %mask: tensor<5x6xf32>) -> tensor<5x2xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %c = arith.constant 5.000000e-01 : f32
  %1 = tensor.empty() : tensor<5x6xf32>
  %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %s = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%q, %k : tensor<5x4xf32>, tensor<6x4xf32>) outs(%2 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %m = linalg.add ins(%s, %mask : tensor<5x6xf32>, tensor<5x6xf32>) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %sc = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%m : tensor<5x6xf32>) outs(%1 : tensor<5x6xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.mulf %in, %c : f32
    linalg.yield %x : f32
  } -> tensor<5x6xf32>
  %p = linalg.softmax dimension(1) ins(%sc : tensor<5x6xf32>) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %3 = tensor.empty() : tensor<5x2xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%3 : tensor<5x2xf32>) -> tensor<5x2xf32>
  %o = linalg.matmul ins(%p, %v : tensor<5x6xf32>, tensor<6x2xf32>) outs(%4 : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %o : tensor<5x2xf32>
}

// -----

// Softmax over the query dim, not the key dim.
// CHECK-LABEL: func @softmax_wrong_dim
// CHECK: linalg.softmax dimension(0)
func.func @softmax_wrong_dim(%q: tensor<5x4xf32>, %k: tensor<6x4xf32>, %v: tensor<6x2xf32>) -> tensor<5x2xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %1 = tensor.empty() : tensor<5x6xf32>
  %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %s = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%q, %k : tensor<5x4xf32>, tensor<6x4xf32>) outs(%2 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %p = linalg.softmax dimension(0) ins(%s : tensor<5x6xf32>) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %3 = tensor.empty() : tensor<5x2xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%3 : tensor<5x2xf32>) -> tensor<5x2xf32>
  %o = linalg.matmul ins(%p, %v : tensor<5x6xf32>, tensor<6x2xf32>) outs(%4 : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %o : tensor<5x2xf32>
}

// -----

// Q*K^T accumulates into a non-zero init (S + 1).
// CHECK-LABEL: func @nonzero_accumulator
// CHECK: linalg.softmax
func.func @nonzero_accumulator(%q: tensor<5x4xf32>, %k: tensor<6x4xf32>, %v: tensor<6x2xf32>) -> tensor<5x2xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %one = arith.constant 1.000000e+00 : f32
  %1 = tensor.empty() : tensor<5x6xf32>
  %2 = linalg.fill ins(%one : f32) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %s = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%q, %k : tensor<5x4xf32>, tensor<6x4xf32>) outs(%2 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %p = linalg.softmax dimension(1) ins(%s : tensor<5x6xf32>) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %3 = tensor.empty() : tensor<5x2xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%3 : tensor<5x2xf32>) -> tensor<5x2xf32>
  %o = linalg.matmul ins(%p, %v : tensor<5x6xf32>, tensor<6x2xf32>) outs(%4 : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %o : tensor<5x2xf32>
}

// -----

// K is not transposed: Q * X with X [d, M] a plain argument. attn.vanilla
// would need X^T as its K operand, a copy the raise never invents.
// CHECK-LABEL: func @untransposed_rhs
// CHECK: linalg.softmax
func.func @untransposed_rhs(%q: tensor<5x4xf32>, %x: tensor<4x6xf32>, %v: tensor<6x2xf32>) -> tensor<5x2xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %1 = tensor.empty() : tensor<5x6xf32>
  %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %s = linalg.matmul ins(%q, %x : tensor<5x4xf32>, tensor<4x6xf32>) outs(%2 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %p = linalg.softmax dimension(1) ins(%s : tensor<5x6xf32>) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %3 = tensor.empty() : tensor<5x2xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%3 : tensor<5x2xf32>) -> tensor<5x2xf32>
  %o = linalg.matmul ins(%p, %v : tensor<5x6xf32>, tensor<6x2xf32>) outs(%4 : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %o : tensor<5x2xf32>
}

// -----

// A scale that is not a constant.
#map = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func @dynamic_scale
// CHECK: linalg.softmax
func.func @dynamic_scale(%q: tensor<5x4xf32>, %k: tensor<6x4xf32>, %v: tensor<6x2xf32>, %c: f32) -> tensor<5x2xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %1 = tensor.empty() : tensor<5x6xf32>
  %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %s = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%q, %k : tensor<5x4xf32>, tensor<6x4xf32>) outs(%2 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %sc = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%s : tensor<5x6xf32>) outs(%1 : tensor<5x6xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.mulf %in, %c : f32
    linalg.yield %x : f32
  } -> tensor<5x6xf32>
  %p = linalg.softmax dimension(1) ins(%sc : tensor<5x6xf32>) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %3 = tensor.empty() : tensor<5x2xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%3 : tensor<5x2xf32>) -> tensor<5x2xf32>
  %o = linalg.matmul ins(%p, %v : tensor<5x6xf32>, tensor<6x2xf32>) outs(%4 : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %o : tensor<5x2xf32>
}

// -----

// A decomposed softmax without the max subtraction, and one that normalizes
// by a sum over the query dim: neither is exactly softmax over the keys.
// CHECK-LABEL: func @softmax_no_max
// CHECK: math.exp
// CHECK-LABEL: func @softmax_sum_wrong_dim
// CHECK: math.exp
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
#rowT = affine_map<(d0, d1) -> (d1)>
#red = affine_map<(d0, d1) -> (d1, d0)>
func.func @softmax_no_max(%q: tensor<5x4xf32>, %k: tensor<6x4xf32>, %v: tensor<6x2xf32>) -> tensor<5x2xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %1 = tensor.empty() : tensor<5x6xf32>
  %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %s = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%q, %k : tensor<5x4xf32>, tensor<6x4xf32>) outs(%2 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %e = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%s : tensor<5x6xf32>) outs(%1 : tensor<5x6xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = math.exp %in : f32
    linalg.yield %x : f32
  } -> tensor<5x6xf32>
  %r0 = tensor.empty() : tensor<5xf32>
  %r1 = linalg.fill ins(%cst : f32) outs(%r0 : tensor<5xf32>) -> tensor<5xf32>
  %sum = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]} ins(%e : tensor<5x6xf32>) outs(%r1 : tensor<5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.addf %in, %out : f32
    linalg.yield %x : f32
  } -> tensor<5xf32>
  %p = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%e, %sum : tensor<5x6xf32>, tensor<5xf32>) outs(%1 : tensor<5x6xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.divf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<5x6xf32>
  %3 = tensor.empty() : tensor<5x2xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%3 : tensor<5x2xf32>) -> tensor<5x2xf32>
  %o = linalg.matmul ins(%p, %v : tensor<5x6xf32>, tensor<6x2xf32>) outs(%4 : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %o : tensor<5x2xf32>
}

func.func @softmax_sum_wrong_dim(%q: tensor<5x4xf32>, %k: tensor<6x4xf32>, %v: tensor<6x2xf32>) -> tensor<5x2xf32> {
  %cst = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %1 = tensor.empty() : tensor<5x6xf32>
  %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %s = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%q, %k : tensor<5x4xf32>, tensor<6x4xf32>) outs(%2 : tensor<5x6xf32>) -> tensor<5x6xf32>
  %r0 = tensor.empty() : tensor<5xf32>
  %m1 = linalg.fill ins(%ninf : f32) outs(%r0 : tensor<5xf32>) -> tensor<5xf32>
  %max = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]} ins(%s : tensor<5x6xf32>) outs(%m1 : tensor<5xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.maximumf %in, %out : f32
    linalg.yield %x : f32
  } -> tensor<5xf32>
  %e = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%s, %max : tensor<5x6xf32>, tensor<5xf32>) outs(%1 : tensor<5x6xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.subf %in, %in_0 : f32
    %y = math.exp %x : f32
    linalg.yield %y : f32
  } -> tensor<5x6xf32>
  %c0 = tensor.empty() : tensor<6xf32>
  %c1 = linalg.fill ins(%cst : f32) outs(%c0 : tensor<6xf32>) -> tensor<6xf32>
  %sum = linalg.generic {indexing_maps = [#red, #row], iterator_types = ["parallel", "reduction"]} ins(%e : tensor<5x6xf32>) outs(%c1 : tensor<6xf32>) {
  ^bb0(%in: f32, %out: f32):
    %x = arith.addf %in, %out : f32
    linalg.yield %x : f32
  } -> tensor<6xf32>
  %p = linalg.generic {indexing_maps = [#id, #rowT, #id], iterator_types = ["parallel", "parallel"]} ins(%e, %sum : tensor<5x6xf32>, tensor<6xf32>) outs(%1 : tensor<5x6xf32>) {
  ^bb0(%in: f32, %in_0: f32, %out: f32):
    %x = arith.divf %in, %in_0 : f32
    linalg.yield %x : f32
  } -> tensor<5x6xf32>
  %3 = tensor.empty() : tensor<5x2xf32>
  %4 = linalg.fill ins(%cst : f32) outs(%3 : tensor<5x2xf32>) -> tensor<5x2xf32>
  %o = linalg.matmul ins(%p, %v : tensor<5x6xf32>, tensor<6x2xf32>) outs(%4 : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %o : tensor<5x2xf32>
}

// -----

// TOSA: the max is taken over the query axis.
// CHECK-LABEL: func @tosa_max_wrong_axis
// CHECK: tosa.reduce_max %{{.*}} {axis = 1 : i32}
func.func @tosa_max_wrong_axis(%arg0: tensor<1x5x4xf32>, %arg1: tensor<1x7x4xf32>, %arg2: tensor<1x7x3xf32>) -> tensor<1x5x3xf32> {
  %0 = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}> : () -> tensor<1xf32>
  %1 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %3 = tosa.transpose %arg1 {perms = array<i32: 0, 2, 1>} : (tensor<1x7x4xf32>) -> tensor<1x4x7xf32>
  %4 = tosa.matmul %arg0, %3, %0, %0 : (tensor<1x5x4xf32>, tensor<1x4x7xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x7xf32>
  %7 = tosa.reduce_max %4 {axis = 1 : i32} : (tensor<1x5x7xf32>) -> tensor<1x1x7xf32>
  %8 = tosa.sub %4, %7 : (tensor<1x5x7xf32>, tensor<1x1x7xf32>) -> tensor<1x5x7xf32>
  %9 = tosa.exp %8 : (tensor<1x5x7xf32>) -> tensor<1x5x7xf32>
  %10 = tosa.reduce_sum %9 {axis = 2 : i32} : (tensor<1x5x7xf32>) -> tensor<1x5x1xf32>
  %11 = tosa.reciprocal %10 : (tensor<1x5x1xf32>) -> tensor<1x5x1xf32>
  %12 = tosa.mul %9, %11, %1 : (tensor<1x5x7xf32>, tensor<1x5x1xf32>, tensor<1xi8>) -> tensor<1x5x7xf32>
  %13 = tosa.matmul %12, %arg2, %0, %0 : (tensor<1x5x7xf32>, tensor<1x7x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x3xf32>
  return %13 : tensor<1x5x3xf32>
}
