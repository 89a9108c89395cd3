// A contraction whose innermost loop indexes the last dim of every operand
// -- decode's scores T[j, l] = sum_c K[j, c, l] * q[c, l], K's rows and q
// as [d/8, 8] -- is vectorized as a generic: whole 8-lane vectors of
// contiguous features multiplied and added over c. As a contraction the
// outer-product lowering would unroll l and transpose every K tile.
// RUN: attn-opt %s --attn-vectorize-linalg="target-cpu=x86-64-v3" --canonicalize | FileCheck %s

// CHECK-LABEL: func @decode_lanes
// CHECK-NOT: vector.contract
// CHECK-NOT: vector.transpose
// CHECK-NOT: vector.fma
// CHECK: vector.transfer_read {{.*}} : tensor<1x8x8xf32>, vector<8x8xf32>
// CHECK: arith.mulf %{{.*}}, %{{.*}} : vector<8x8xf32>
// CHECK: vector.extract %{{.*}}[7] : vector<8xf32> from vector<8x8xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK-NOT: vector.transpose
// CHECK: vector.transfer_write {{.*}} : vector<8xf32>, tensor<1x8xf32>
// CHECK-LABEL: func @batch_outer
#k = affine_map<(j, c, l) -> (j, c, l)>
#q = affine_map<(j, c, l) -> (c, l)>
#t = affine_map<(j, c, l) -> (j, l)>
func.func @decode_lanes(%k: tensor<64x8x8xf32>, %q: tensor<8x8xf32>,
                        %init: tensor<64x8xf32>) -> tensor<64x8xf32> {
  %r = linalg.generic {indexing_maps = [#k, #q, #t], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%k, %q : tensor<64x8x8xf32>, tensor<8x8xf32>) outs(%init : tensor<64x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %m, %o : f32
    linalg.yield %s : f32
  } -> tensor<64x8xf32>
  return %r : tensor<64x8xf32>
}

// The same maps with the batch dim not innermost stay a contraction
// (register-tiled outer-product FMAs on the transposed K tile).
// CHECK: vector.transpose
// CHECK: vector.fma
#kb = affine_map<(l, j, c) -> (l, j, c)>
#qb = affine_map<(l, j, c) -> (l, c)>
#tb = affine_map<(l, j, c) -> (l, j)>
func.func @batch_outer(%k: tensor<8x64x8xf32>, %q: tensor<8x8xf32>,
                       %init: tensor<8x64xf32>) -> tensor<8x64xf32> {
  %r = linalg.generic {indexing_maps = [#kb, #qb, #tb], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%k, %q : tensor<8x64x8xf32>, tensor<8x8xf32>) outs(%init : tensor<8x64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %m, %o : f32
    linalg.yield %s : f32
  } -> tensor<8x64xf32>
  return %r : tensor<8x64xf32>
}
