// attn-vectorize-linalg vectorizes an op's innermost parallel loop. Where
// that loop has one iteration -- the transposed scores S^T [keys, 1] of a
// one-query (decode) flash tile and the softmax on them -- it is dropped
// first (upstream dropUnitDims, reshapes around the op), so the keys are
// vectorized instead of one lane at a time.
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v4" --canonicalize | FileCheck %s

// CHECK-LABEL: func @exp_keys_by_one_query
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1]] : tensor<64x1xf32> into tensor<64xf32>
// CHECK-NOT: vector<1xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<32xf32>, vector<32xf32>
// CHECK-NOT: vector<1xf32>
// CHECK: tensor.expand_shape {{.*}} : tensor<64xf32> into tensor<64x1xf32>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#k = affine_map<(p, q, i, c) -> (p, c, q)>
#qt = affine_map<(p, q, i, c) -> (c, i)>
#s = affine_map<(p, q, i, c) -> (p, q, i)>
func.func @exp_keys_by_one_query(%s: tensor<64x1xf32>) -> tensor<64x1xf32> {
  %e = tensor.empty() : tensor<64x1xf32>
  %r = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%s : tensor<64x1xf32>) outs(%e : tensor<64x1xf32>) {
  ^bb0(%a: f32, %o: f32):
    %x = math.exp %a : f32
    linalg.yield %x : f32
  } -> tensor<64x1xf32>
  return %r : tensor<64x1xf32>
}

// The decode score contraction S^T[p, q, 0] = sum_c K^T[p, c, q] * Q^T[c, 0]
// over 8-key panels (what a decode tile keeps when d has no 4-lane split):
// FMAs on 8 keys at a time.
// CHECK-LABEL: func @scores_one_query
// CHECK: tensor.collapse_shape %{{.*}} : tensor<8x8x1xf32> into tensor<8x8xf32>
// CHECK-NOT: vector<1xf32>
// CHECK: vector.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK-NOT: vector<1xf32>
// CHECK: tensor.expand_shape {{.*}} : tensor<8x8xf32> into tensor<8x8x1xf32>
func.func @scores_one_query(%kt: tensor<8x16x8xf32>, %qt: tensor<16x1xf32>, %init: tensor<8x8x1xf32>) -> tensor<8x8x1xf32> {
  %r = linalg.generic {indexing_maps = [#k, #qt, #s], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%kt, %qt : tensor<8x16x8xf32>, tensor<16x1xf32>) outs(%init : tensor<8x8x1xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %x = arith.addf %m, %o : f32
    linalg.yield %x : f32
  } -> tensor<8x8x1xf32>
  return %r : tensor<8x8x1xf32>
}
