// RUN: attn-opt %s --convert-attn-to-linalg --canonicalize | FileCheck %s

// Per-head weights [3, 16, 5] shared over the batch: read through a map that
// ignores the batch loop (no copy). W_c is split by extract_slice, never
// concatenated; the bias is broadcast into the output first.
// The l2 map's norms are summed in two steps that read rows of Q
// contiguously: [.., 33, 2, 8] -> 8 partial sums per row -> 1. The
// projection e[b, h, i, t] = sum_c Q[b, h, i, c] * W_e[h, c, t] (loops b, h,
// i, t, c) runs on row-major Q, with W_e padded to 8 columns (s = 5); then
// 1/||q_i|| scales e's rows in place, phi(Q) W_e = diag(1/||q||) (Q W_e),
// and only e's 5 real columns are read by the output GEMM.
// CHECK-DAG: #[[WMAP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-DAG: #[[ROWS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func @primal
// CHECK-NOT: tensor.concat
// CHECK-NOT: linalg.transpose
// CHECK: %[[V:.*]] = tensor.expand_shape %arg0 {{\[}}[0], [1], [2], [3, 4]] output_shape [2, 3, 33, 2, 8]
// CHECK: %[[PART:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]} ins(%[[V]] : tensor<2x3x33x2x8xf32>) outs(%{{.*}} : tensor<2x3x33x8xf32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[PART]] : tensor<2x3x33x8xf32>) outs(%{{.*}} : tensor<2x3x33xf32>)
// CHECK: %[[INV:.*]] = linalg.generic
// CHECK:   math.sqrt
// CHECK:   arith.maximumf
// CHECK: %[[WP:.*]] = tensor.pad %arg1 low[0, 0, 0] high[0, 0, 3]
// CHECK: : tensor<3x16x5xf32> to tensor<3x16x8xf32>
// CHECK: %[[E:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[WMAP]], #{{.*}}]{{.*}}ins(%arg0, %[[WP]] : tensor<2x3x33x16xf32>, tensor<3x16x8xf32>) outs(%{{.*}} : tensor<2x3x33x8xf32>)
// CHECK: %[[ES:.*]] = linalg.generic {indexing_maps = [#[[ROWS]], #{{.*}}]{{.*}}ins(%[[INV]] : tensor<2x3x33xf32>) outs(%[[E]] : tensor<2x3x33x8xf32>)
// CHECK:   arith.mulf
// CHECK: tensor.extract_slice %[[ES]][0, 0, 0, 0] [2, 3, 33, 5] [1, 1, 1, 1] : tensor<2x3x33x8xf32> to tensor<2x3x33x5xf32>
// CHECK: linalg.generic {indexing_maps = [#[[BIAS]], #{{.*}}]{{.*}}ins(%{{.*}} : tensor<12xf32>)
// CHECK-DAG: tensor.extract_slice %{{.*}}[0, 0] [5, 12] [1, 1] : tensor<10x12xf32> to tensor<5x12xf32>
// CHECK-DAG: tensor.extract_slice %{{.*}}[5, 0] [5, 12] [1, 1] : tensor<10x12xf32> to tensor<5x12xf32>
// CHECK-NOT: tensor.concat
func.func @primal(%q: tensor<2x3x33x16xf32>, %we: tensor<3x16x5xf32>, %wr: tensor<16x5xf32>,
                  %wc: tensor<10x12xf32>, %bc: tensor<12xf32>, %o: tensor<2x3x33x12xf32>) -> tensor<2x3x33x12xf32> {
  %r = attn.primal ins(%q, %q, %we, %wr, %wc, %bc : tensor<2x3x33x16xf32>, tensor<2x3x33x16xf32>,
                       tensor<3x16x5xf32>, tensor<16x5xf32>, tensor<10x12xf32>, tensor<12xf32>)
                   outs(%o : tensor<2x3x33x12xf32>) -> tensor<2x3x33x12xf32>
  return %r : tensor<2x3x33x12xf32>
}

// The causal variant's prefix mean is a scan: a loop over the 7 rows.
// CHECK-LABEL: func @primal_causal
// CHECK: scf.for %{{.*}} = %c0 to %c7 step %c1
// CHECK:   arith.addf
// CHECK:   arith.sitofp
// CHECK:   arith.divf
// CHECK:   tensor.insert_slice
func.func @primal_causal(%q: tensor<7x4xf32>, %w: tensor<4x2xf32>, %wc: tensor<4x4xf32>,
                         %o: tensor<7x4xf32>) -> tensor<7x4xf32> {
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<7x4xf32>, tensor<7x4xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x4xf32>)
                   outs(%o : tensor<7x4xf32>) {causal, feature_map = #attn.feature_map<identity>} -> tensor<7x4xf32>
  return %r : tensor<7x4xf32>
}

// Rows idx(r) = floor(r * (N-1) / (p-1)) = floor(r * 129 / 39) are gathered
// one row copy per sample (vectorizable, unlike a generic reading X through
// a floordiv map), then W = X_s^T Theta.
// CHECK-LABEL: func @weights
// CHECK: scf.for %[[R:.*]] = %c0 to %c40 step %c1 iter_args(%[[XS:.*]] = %{{.*}}) -> (tensor<2x3x40x16xf32>)
// CHECK:   %[[NUM:.*]] = arith.muli %[[R]], %c129
// CHECK:   %[[ROW:.*]] = arith.divui %[[NUM]], %c39
// CHECK:   %[[SRC:.*]] = tensor.extract_slice %arg0[0, 0, %[[ROW]], 0] [2, 3, 1, 16] [1, 1, 1, 1]
// CHECK:   linalg.copy ins(%[[SRC]] : tensor<2x3x1x16xf32>)
// CHECK:   tensor.insert_slice %{{.*}} into %[[XS]][0, 0, %[[R]], 0] [2, 3, 1, 16] [1, 1, 1, 1]
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x3x40x16xf32>, tensor<3x40x6xf32>) outs(%{{.*}} : tensor<2x3x16x6xf32>)
func.func @weights(%x: tensor<2x3x130x16xf32>, %t: tensor<3x40x6xf32>, %o: tensor<2x3x16x6xf32>) -> tensor<2x3x16x6xf32> {
  %r = attn.primal_weights ins(%x, %t : tensor<2x3x130x16xf32>, tensor<3x40x6xf32>)
                           outs(%o : tensor<2x3x16x6xf32>) -> tensor<2x3x16x6xf32>
  return %r : tensor<2x3x16x6xf32>
}
