// Grouped-query attention, i1 masks and sliding windows in the lowering
// (issue 16).
// RUN: attn-opt %s --split-input-file --convert-attn-to-linalg="key-block=32" --canonicalize | FileCheck %s --check-prefix=FLASH
// RUN: attn-opt %s --split-input-file --convert-attn-to-linalg="strategy=materialized" --canonicalize | FileCheck %s --check-prefix=MAT
// RUN: attn-opt %s --split-input-file --attn-tile="batch-tile=1 row-tile=4" --canonicalize | FileCheck %s --check-prefix=TILE

// K and V keep their 2 heads: the contractions read head h / 2 through
// their indexing maps (no copy, no broadcast op). The i1 mask block becomes
// 0 / -inf first (a small generic on the mask's own shape); causal and the
// window become one select of -inf in the score epilogue.
// The score contraction reads 8-key K^T micro-panels [1, 2, 4, 16, 8]:
// loops (b, h, panel, key in panel, query, feature).
// FLASH-DAG: #[[KMAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 floordiv 2, d2, d5, d3)>
// FLASH-DAG: #[[VMAP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 floordiv 2, d4, d3)>
// FLASH-LABEL: func @gqa_bool_window
// FLASH-NOT: tensor<1x4x40x16xf32>
// FLASH: linalg.generic {indexing_maps = [#[[KMAP]], {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x2x4x16x8xf32>, tensor<1x4x16x8xf32>)
// FLASH: linalg.generic {{.*}} ins(%{{.*}} : tensor<8x32xi1>) outs(%{{.*}} : tensor<8x32xf32>)
// FLASH-NEXT: ^bb0(%[[KEEP:.*]]: i1, %{{.*}}: f32):
// FLASH-NEXT:   arith.select %[[KEEP]], %{{.*}}, %[[NINF:.*]] : f32
// FLASH: ins(%{{.*}}, %{{.*}} : tensor<1x4x32x8xf32>, tensor<8x32xf32>)
// FLASH:   %[[S:.*]] = arith.addf
// FLASH:   %[[I:.*]] = linalg.index 3 : index
// FLASH:   %[[J:.*]] = linalg.index 2 : index
// FLASH:   %[[CAUSAL:.*]] = arith.cmpi sgt, %[[J]], %[[I]] : index
// FLASH:   %[[JW:.*]] = arith.addi %[[J]], %c3 : index
// FLASH:   %[[WIN:.*]] = arith.cmpi slt, %[[JW]], %[[I]] : index
// FLASH:   %[[HIDE:.*]] = arith.ori %[[CAUSAL]], %[[WIN]] : i1
// FLASH:   arith.select %[[HIDE]], %[[NINF]], %[[S]] : f32
// FLASH: linalg.generic {indexing_maps = [{{.*}}, #[[VMAP]], {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x4x32x8xf32>, tensor<1x2x32x8xf32>)

// MAT-DAG: #[[KMAP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 floordiv 2, d3, d4)>
// MAT-DAG: #[[VMAP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 floordiv 2, d4, d3)>
// MAT-LABEL: func @gqa_bool_window
// MAT: linalg.generic {indexing_maps = [{{.*}}, #[[KMAP]], {{.*}} ins(%arg0, %arg1 : tensor<1x4x8x16xf32>, tensor<1x2x40x16xf32>)
// MAT: arith.select
// MAT: arith.select
// MAT: linalg.generic {indexing_maps = [{{.*}}, #[[VMAP]], {{.*}} ins(%{{.*}}, %arg2 : tensor<1x4x8x40xf32>, tensor<1x2x40x8xf32>)

// A tile of one query head slices key/value head h floordiv 2; query
// tiles keep absolute positions for causal and the window.
// TILE: #[[HEAD:.*]] = affine_map<(d0) -> (d0 floordiv 2)>
// TILE-LABEL: func @gqa_bool_window
// TILE: %[[KVH:.*]] = affine.apply #[[HEAD]](%[[H:.*]])
// TILE: tensor.extract_slice %arg1[0, %[[KVH]], 0, 0] [1, 1, 40, 16] [1, 1, 1, 1] : tensor<1x2x40x16xf32> to tensor<1x1x40x16xf32>
// TILE: tensor.extract_slice %arg2[0, %[[KVH]], 0, 0] [1, 1, 40, 8] [1, 1, 1, 1] : tensor<1x2x40x8xf32> to tensor<1x1x40x8xf32>
// TILE: tensor.extract_slice %arg3[%[[ROW:.*]], 0] [4, 40] [1, 1] : tensor<8x40xi1> to tensor<4x40xi1>
// TILE: attn.vanilla {{.*}} query_offset(%[[ROW]]) {causal, window = 3 : i64} -> tensor<1x1x4x8xf32>
func.func @gqa_bool_window(%q: tensor<1x4x8x16xf32>, %k: tensor<1x2x40x16xf32>, %v: tensor<1x2x40x8xf32>, %m: tensor<8x40xi1>, %o: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v, %m : tensor<1x4x8x16xf32>, tensor<1x2x40x16xf32>, tensor<1x2x40x8xf32>, tensor<8x40xi1>) outs(%o : tensor<1x4x8x8xf32>) {alignment = #attn.alignment<top_left>, causal, window = 3} -> tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

// A window without causal hides keys more than W before the query only.
// FLASH-LABEL: func @window_only
// FLASH-NOT: arith.cmpi sgt
// FLASH: arith.cmpi slt
// FLASH: arith.select
func.func @window_only(%q: tensor<8x16xf32>, %k: tensor<40x16xf32>, %v: tensor<40x8xf32>, %o: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<8x16xf32>, tensor<40x16xf32>, tensor<40x8xf32>) outs(%o : tensor<8x8xf32>) {window = 5, alignment = #attn.alignment<top_left>} -> tensor<8x8xf32>
  return %r : tensor<8x8xf32>
}
