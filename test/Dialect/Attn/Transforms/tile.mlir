// RUN: attn-opt %s --attn-tile="row-tile=32" --canonicalize | FileCheck %s
// RUN: attn-opt %s --attn-tile="row-tile=32 parallel=true" --canonicalize | FileCheck %s --check-prefix=PAR

// 2 batches x 70 rows with 32-row tiles: a loop over two full static tiles
// and a peeled 6-row tile; causal tiles carry their absolute query offset.
// CHECK-LABEL: func @vanilla_causal
// CHECK: scf.for %[[B:.*]] = %c0 to %c2 step %c1
// CHECK:   scf.for %[[R:.*]] = %c0 to %c64 step %c32
// CHECK:     tensor.extract_slice %{{.*}}[%[[B]], %[[R]], 0] [1, 32, 8] [1, 1, 1] : tensor<2x70x8xf32> to tensor<1x32x8xf32>
// CHECK:     attn.vanilla ins({{.*}} : tensor<1x32x8xf32>, tensor<1x40x8xf32>, tensor<1x40x4xf32>) outs(%{{.*}} : tensor<1x32x4xf32>) query_offset(%[[R]]) {causal}
// CHECK:   tensor.extract_slice %{{.*}}[%[[B]], 64, 0] [1, 6, 8] [1, 1, 1] : tensor<2x70x8xf32> to tensor<1x6x8xf32>
// CHECK:   attn.vanilla ins({{.*}} : tensor<1x6x8xf32>, tensor<1x40x8xf32>, tensor<1x40x4xf32>) outs(%{{.*}} : tensor<1x6x4xf32>) query_offset(%c64) {causal}
// With parallel=true the batch and row tiles are one scf.forall (batch x
// full row tiles) writing disjoint blocks, and the peeled 6-row remainder is
// a second one over the batch.
// PAR-LABEL: func @vanilla_causal
// PAR: %[[F:.*]] = scf.forall (%[[B:.*]], %[[R:.*]]) = (0, 0) to (2, 64) step (1, 32) shared_outs(%[[OUT:.*]] = %{{.*}})
// PAR:     tensor.extract_slice %[[OUT]][%[[B]], %[[R]], 0] [1, 32, 4] [1, 1, 1]
// PAR:     %[[T:.*]] = attn.vanilla {{.*}} query_offset(%[[R]]) {causal}
// PAR:     scf.forall.in_parallel
// PAR-NEXT:  tensor.parallel_insert_slice %[[T]] into %[[OUT]][%[[B]], %[[R]], 0] [1, 32, 4] [1, 1, 1]
// PAR: scf.forall (%[[B2:.*]]) in (2) shared_outs(%[[OUT2:.*]] = %[[F]])
// PAR:   tensor.extract_slice %[[OUT2]][%[[B2]], 64, 0] [1, 6, 4] [1, 1, 1]
// PAR:   %[[T2:.*]] = attn.vanilla {{.*}} outs(%{{.*}} : tensor<1x6x4xf32>) query_offset(%c64) {causal}
// PAR:   tensor.parallel_insert_slice %[[T2]] into %[[OUT2]][%[[B2]], 64, 0] [1, 6, 4] [1, 1, 1]
func.func @vanilla_causal(%q: tensor<2x70x8xf32>, %k: tensor<2x40x8xf32>, %v: tensor<2x40x4xf32>,
                          %o: tensor<2x70x4xf32>) -> tensor<2x70x4xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<2x70x8xf32>, tensor<2x40x8xf32>, tensor<2x40x4xf32>)
                    outs(%o : tensor<2x70x4xf32>) {alignment = #attn.alignment<top_left>, causal} -> tensor<2x70x4xf32>
  return %r : tensor<2x70x4xf32>
}

// A [B, 1, 1, M] mask keeps its broadcast dims; its batch dim is tiled.
// CHECK-LABEL: func @vanilla_mask
// CHECK: tensor.extract_slice %{{.*}}[%{{.*}}, 0, 0, 0] [1, 1, 1, 40] [1, 1, 1, 1] : tensor<2x1x1x40xf32> to tensor<1x1x1x40xf32>
func.func @vanilla_mask(%q: tensor<2x4x32x8xf32>, %k: tensor<2x4x40x8xf32>, %m: tensor<2x1x1x40xf32>,
                        %o: tensor<2x4x32x8xf32>) -> tensor<2x4x32x8xf32> {
  %r = attn.vanilla ins(%q, %k, %k, %m : tensor<2x4x32x8xf32>, tensor<2x4x40x8xf32>, tensor<2x4x40x8xf32>, tensor<2x1x1x40xf32>)
                    outs(%o : tensor<2x4x32x8xf32>) -> tensor<2x4x32x8xf32>
  return %r : tensor<2x4x32x8xf32>
}

// Per-head weights follow the head loop only. Causal primal becomes the
// stream form from a zero state; inside each (batch, head) tile the row
// tiles run in order, each taking the running sums the previous one
// returned and `seen` = its first row.
// CHECK-LABEL: func @primal
// CHECK: %[[Z1:.*]] = linalg.fill ins(%cst : f32) outs(%{{.*}} : tensor<2x3x8xf32>)
// CHECK: %[[Z2:.*]] = linalg.fill ins(%cst : f32) outs(%{{.*}} : tensor<2x3x8xf32>)
// CHECK: scf.for %[[B:.*]] = %c0 to %c2 {{.*}} iter_args(%{{.*}} = %arg4, %{{.*}} = %[[Z1]], %{{.*}} = %[[Z2]])
// CHECK:   scf.for %[[H:.*]] = %c0 to %c3 {{.*}} iter_args(%{{.*}}, %[[QS:.*]] = %{{.*}}, %[[KS:.*]] = %{{.*}})
// CHECK:     tensor.extract_slice %{{.*}}[%[[H]], 0, 0] [1, 8, 2] [1, 1, 1] : tensor<3x8x2xf32> to tensor<1x8x2xf32>
// CHECK:     %[[QS0:.*]] = tensor.extract_slice %[[QS]][%[[B]], %[[H]], 0] [1, 1, 8]
// CHECK:     %[[KS0:.*]] = tensor.extract_slice %[[KS]][%[[B]], %[[H]], 0] [1, 1, 8]
// CHECK:     %[[T0:.*]]:3 = attn.primal_stream ins({{.*}} : tensor<1x1x32x8xf32>, tensor<1x1x32x8xf32>, tensor<1x8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%{{.*}}, %[[QS0]], %[[KS0]] : {{.*}}) seen(%c0)
// CHECK:     %[[T1:.*]]:3 = attn.primal_stream ins({{.*}} : tensor<1x1x18x8xf32>, {{.*}}) outs(%{{.*}}, %[[T0]]#1, %[[T0]]#2 : {{.*}}) seen(%c32)
// CHECK:     tensor.insert_slice %[[T1]]#1 into %[[QS]][%[[B]], %[[H]], 0]
func.func @primal(%q: tensor<2x3x50x8xf32>, %we: tensor<3x8x2xf32>, %wr: tensor<8x2xf32>, %wc: tensor<4x8xf32>,
                  %o: tensor<2x3x50x8xf32>) -> tensor<2x3x50x8xf32> {
  %r = attn.primal ins(%q, %q, %we, %wr, %wc : tensor<2x3x50x8xf32>, tensor<2x3x50x8xf32>, tensor<3x8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>)
                   outs(%o : tensor<2x3x50x8xf32>) {causal} -> tensor<2x3x50x8xf32>
  return %r : tensor<2x3x50x8xf32>
}
