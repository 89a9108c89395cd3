// RUN: attn-opt %s --convert-attn-to-linalg="key-block=32" --canonicalize | FileCheck %s --check-prefix=FLASH
// RUN: attn-opt %s --convert-attn-to-linalg="strategy=materialized" --canonicalize | FileCheck %s --check-prefix=MAT
// RUN: attn-opt %s --attn-tile="row-tile=32 parallel=true" --convert-attn-to-linalg="key-block=32" --canonicalize --cse | FileCheck %s --check-prefix=TILED

// N = 96 queries, M = 200 keys: 6 full blocks of 32 keys and a peeled block
// of 8. No value of the flash lowering has the [.., 96, 200] scores shape.
// Scores are kept transposed, [.., keys, queries], with scale * Q^T built
// once (the scale is applied to the queries, not per score; times log2(e):
// flash's softmax is in base 2, exp2 of scores and maxima) and the full
// key blocks packed once as contiguous 8-key K^T micro-panels [.., 24, 8, 8]
// (a 32-key block is 4 consecutive panels; the 8-key remainder block is
// transposed on its own), so both contractions read their operands
// reduction-major.
// FLASH-LABEL: func @vanilla
// FLASH-NOT: 96x200
// FLASH-DAG: %[[SCALE:.*]] = arith.constant 0.51006{{[0-9]*}} : f32
// FLASH-DAG: linalg.generic {{.*}} ins(%arg0 : tensor<2x96x8xf32>) outs(%{{.*}} : tensor<2x8x96xf32>)
// FLASH-DAG: %[[FULL:.*]] = tensor.extract_slice %arg1[0, 0, 0] [2, 192, 8] [1, 1, 1] : tensor<2x200x8xf32> to tensor<2x192x8xf32>
// FLASH-DAG: %[[BLK:.*]] = tensor.expand_shape %[[FULL]] {{\[}}[0], [1, 2], [3]] output_shape [2, 24, 8, 8]
// FLASH-DAG: %[[KT:.*]] = linalg.transpose ins(%[[BLK]] : tensor<2x24x8x8xf32>) outs(%{{.*}} : tensor<2x24x8x8xf32>) permutation = [0, 1, 3, 2]
// FLASH: scf.for %[[J:.*]] = %c0 to %c192 step %c32 iter_args({{.*}}) -> (tensor<2x96x16xf32>, tensor<2x96xf32>, tensor<2x96xf32>)
// FLASH-NOT: linalg.transpose
// FLASH:   %[[I:.*]] = arith.divui %[[J]], %c8
// FLASH:   %[[P:.*]] = tensor.extract_slice %[[KT]][0, %[[I]], 0, 0] [2, 4, 8, 8] [1, 1, 1, 1] : tensor<2x24x8x8xf32> to tensor<2x4x8x8xf32>
// FLASH-NOT: linalg.transpose
// FLASH:   linalg.generic {{.*}} ins(%[[P]], %{{.*}} : tensor<2x4x8x8xf32>, tensor<2x8x96xf32>) outs(%{{.*}} : tensor<2x4x8x96xf32>)
// The scores need no epilogue (no mask, no causal rule, scale in Q^T).
// FLASH-NOT: arith.mulf %{{.*}}, %[[SCALE]]
// FLASH:   %[[S:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2], [3]] : tensor<2x4x8x96xf32> into tensor<2x32x96xf32>
// The block max into a buffer of its own, alpha from it and m, then m in
// place, then P = 2^(S - m').
// FLASH:   %[[BM:.*]] = linalg.generic {{.*}} ins(%[[S]] : tensor<2x32x96xf32>) outs(%{{.*}} : tensor<2x96xf32>)
// FLASH:     arith.maxnumf
// FLASH:   linalg.generic {{.*}} ins(%{{.*}}, %[[BM]] : tensor<2x96xf32>, tensor<2x96xf32>)
// FLASH:     arith.maxnumf
// FLASH:     math.exp2
// FLASH:   %[[M:.*]] = linalg.generic {{.*}} ins(%[[BM]] : tensor<2x96xf32>) outs(%{{.*}} : tensor<2x96xf32>)
// FLASH:   linalg.generic {{.*}} ins(%[[S]], %[[M]] : tensor<2x32x96xf32>, tensor<2x96xf32>)
// FLASH:     math.exp2
// FLASH:   scf.yield
// FLASH: tensor.extract_slice %{{.*}}[0, 192, 0] [2, 8, 8] [1, 1, 1] : tensor<2x200x8xf32> to tensor<2x8x8xf32>
// FLASH: linalg.transpose ins(%{{.*}} : tensor<2x8x8xf32>)
// FLASH: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x1x8x96xf32>)
// FLASH: arith.divf
// FLASH-NOT: 96x200
// FLASH: return

// Tiled: the K^T panels are packed once, outside the tile loop, for all
// batches and every row tile (the full ones and the peeled remainder), and
// each tile slices its batch and key block from them.
// TILED-LABEL: func @vanilla
// TILED: %[[KT:.*]] = linalg.transpose ins(%{{.*}} : tensor<2x24x8x8xf32>) outs(%{{.*}} : tensor<2x24x8x8xf32>)
// TILED: scf.forall (%[[B:.*]], %{{.*}}) = (0, 0) to (2, 96) step (1, 32)
// TILED:   %[[KTB:.*]] = tensor.extract_slice %[[KT]][%[[B]], 0, 0, 0] [1, 24, 8, 8] [1, 1, 1, 1] : tensor<2x24x8x8xf32> to tensor<1x24x8x8xf32>
// TILED:   scf.for
// TILED:     tensor.extract_slice %[[KTB]][0, %{{.*}}, 0, 0] [1, 4, 8, 8] [1, 1, 1, 1] : tensor<1x24x8x8xf32> to tensor<1x4x8x8xf32>
// TILED-NOT: linalg.transpose ins(%{{.*}} : tensor<1x32x8xf32>)
// TILED:   scf.yield
// TILED-NOT: linalg.transpose ins(%{{.*}} : tensor<2x24x8x8xf32>)
// TILED: return

// MAT: #[[BCAST:.*]] = affine_map<(d0, d1) -> (0, d1)>
// The softmax is spelled out (not linalg.softmax) so that a row whose
// scores are all -inf gives zeros, as with flash: the row max starts at the
// lowest finite float and a zero row sum divides by 1.
// MAT-LABEL: func @vanilla
// MAT: %[[LOWEST:.*]] = arith.constant -3.40282347E+38 : f32
// MAT: linalg.generic {{.*}} outs(%{{.*}} : tensor<2x96x200xf32>)
// MAT-NOT: linalg.softmax
// MAT: linalg.fill ins(%[[LOWEST]] : f32) outs(%{{.*}} : tensor<2x96xf32>)
// MAT: linalg.generic {{.*}} ins(%{{.*}} : tensor<2x96x200xf32>) outs(%{{.*}} : tensor<2x96xf32>)
// MAT:   arith.maxnumf
// MAT: math.exp
// MAT: linalg.generic {{.*}} ins(%{{.*}} : tensor<2x96x200xf32>) outs(%{{.*}} : tensor<2x96xf32>)
// MAT:   arith.addf
// MAT: linalg.generic {{.*}} ins(%{{.*}} : tensor<2x96xf32>) outs(%{{.*}} : tensor<2x96xf32>)
// MAT:   arith.cmpf oeq
// MAT:   arith.select
// MAT: arith.divf
// MAT: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x96x200xf32>, tensor<2x200x16xf32>)
func.func @vanilla(%q: tensor<2x96x8xf32>, %k: tensor<2x200x8xf32>, %v: tensor<2x200x16xf32>,
                   %o: tensor<2x96x16xf32>) -> tensor<2x96x16xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<2x96x8xf32>, tensor<2x200x8xf32>, tensor<2x200x16xf32>)
                    outs(%o : tensor<2x96x16xf32>) -> tensor<2x96x16xf32>
  return %r : tensor<2x96x16xf32>
}

// Causal masks against absolute positions (key offset = loop iv) and a
// broadcast [1, M] mask is sliced per block along M only. With a float
// mask flash keeps natural units and exp (the mask, e.g. -FLT_MAX, is added
// as given; log2(e) times it would overflow). Key blocks after the last
// query (39) are not computed: the loop stops at key 40 and the partial
// block [64, 70) is gone.
// FLASH-LABEL: func @causal_mask
// FLASH-NOT: tensor<6x8xf32>
// FLASH: scf.for %[[IV:.*]] = %c0 to %c40 step %c32
// FLASH:   tensor.extract_slice %{{.*}}[0, %[[IV]]] [1, 32] [1, 1] : tensor<1x70xf32> to tensor<1x32xf32>
// FLASH:   arith.addf %in, %in_{{[0-9]*}} : f32
// FLASH:   linalg.index 1
// FLASH:   linalg.index 0
// FLASH:   arith.addi %{{.*}}, %[[IV]]
// FLASH:   arith.cmpi sgt
// FLASH:   arith.select %{{.*}}, %cst{{.*}}, %{{.*}} : f32
// FLASH-NOT: math.exp2
// FLASH:   math.exp %
// FLASH-NOT: tensor<6x8xf32>
// FLASH: return
// MAT-LABEL: func @causal_mask
// MAT: linalg.generic {indexing_maps = [#{{.*}}, #[[BCAST]], #{{.*}}]
// MAT: arith.maxnumf
// MAT: math.exp
// MAT-NOT: math.exp2
func.func @causal_mask(%q: tensor<40x8xf32>, %k: tensor<70x8xf32>, %v: tensor<70x8xf32>,
                       %m: tensor<1x70xf32>, %o: tensor<40x8xf32>) -> tensor<40x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v, %m : tensor<40x8xf32>, tensor<70x8xf32>, tensor<70x8xf32>, tensor<1x70xf32>)
                    outs(%o : tensor<40x8xf32>) {alignment = #attn.alignment<top_left>, causal, scale = 0.5 : f32} -> tensor<40x8xf32>
  return %r : tensor<40x8xf32>
}

// Only the blocks that cross the causal diagonal pay for the mask: with the
// 32 queries at positions 64..95 (bottom_right, M = 96), keys [0, 64) are
// visible to every row and run in a loop without the select; the diagonal
// block [64, 96) comes after it with the select (one block: the
// canonicalizer inlines its one-trip loop).
// FLASH-LABEL: func @causal_interior_unmasked
// FLASH: scf.for %{{.*}} = %c0 to %c64 step %c32
// FLASH-NOT: arith.select
// FLASH: scf.yield
// FLASH: arith.cmpi sgt
// FLASH: arith.select
func.func @causal_interior_unmasked(%q: tensor<32x8xf32>, %k: tensor<96x8xf32>,
                                    %v: tensor<96x8xf32>, %o: tensor<32x8xf32>) -> tensor<32x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<32x8xf32>, tensor<96x8xf32>, tensor<96x8xf32>)
                    outs(%o : tensor<32x8xf32>) {alignment = #attn.alignment<bottom_right>, causal} -> tensor<32x8xf32>
  return %r : tensor<32x8xf32>
}

// A causal window runs three loops: queries 160..191 (bottom_right, M =
// 192) with W = 112 see keys from 48 on, so blocks start at 32; [32, 96)
// crosses the window's edge (masked), [96, 160) is visible to every row
// (no select), [160, 192) crosses the diagonal (masked; one block, inlined).
// FLASH-LABEL: func @window_causal_three_loops
// FLASH: scf.for %{{.*}} = %c32 to %c96 step %c32
// FLASH: arith.cmpi slt
// FLASH: arith.select
// FLASH: scf.for %{{.*}} = %c96 to %c160 step %c32
// FLASH-NOT: arith.select
// FLASH: scf.yield
// FLASH: arith.cmpi sgt
// FLASH: arith.select
func.func @window_causal_three_loops(%q: tensor<32x8xf32>, %k: tensor<192x8xf32>,
                                     %v: tensor<192x8xf32>, %o: tensor<32x8xf32>) -> tensor<32x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<32x8xf32>, tensor<192x8xf32>, tensor<192x8xf32>)
                    outs(%o : tensor<32x8xf32>) {alignment = #attn.alignment<bottom_right>, causal, window = 112} -> tensor<32x8xf32>
  return %r : tensor<32x8xf32>
}

// A one-query (decode) op reads each key block once, as it lies in
// memory: no transpose of K at all. Its rows and q, viewed as [d/8, 8], are
// multiplied lane by lane and summed over d/8 (here 2 chunks), then over
// the 8 lanes.
// RUN: attn-opt %s --convert-attn-to-linalg="key-block=32" --canonicalize | FileCheck %s --check-prefix=DECODE
// DECODE-LABEL: func @decode
// DECODE-NOT: linalg.transpose
// DECODE: scf.for
// DECODE-NOT: linalg.transpose
// DECODE: tensor.expand_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] output_shape [2, 32, 2, 8] : tensor<2x32x16xf32> into tensor<2x32x2x8xf32>
// DECODE-NOT: linalg.transpose
// DECODE: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction", "parallel"]} ins(%{{.*}}, %{{.*}} : tensor<2x32x2x8xf32>, tensor<2x2x8xf32>) outs(%{{.*}} : tensor<2x32x8xf32>)
// DECODE: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}} : tensor<2x32x8xf32>) outs(%{{.*}} : tensor<2x32xf32>)
// DECODE-NOT: linalg.transpose
// DECODE: scf.yield
// DECODE-NOT: linalg.transpose
// DECODE: return
func.func @decode(%q: tensor<2x1x16xf32>, %k: tensor<2x200x16xf32>,
                  %v: tensor<2x200x16xf32>) -> tensor<2x1x16xf32> {
  %e = tensor.empty() : tensor<2x1x16xf32>
  %r = attn.vanilla ins(%q, %k, %v : tensor<2x1x16xf32>, tensor<2x200x16xf32>, tensor<2x200x16xf32>)
                    outs(%e : tensor<2x1x16xf32>) -> tensor<2x1x16xf32>
  return %r : tensor<2x1x16xf32>
}
