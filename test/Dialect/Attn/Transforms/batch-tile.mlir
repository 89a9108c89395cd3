// RUN: attn-opt %s --attn-tile="batch-tile=4 row-tile=0" --canonicalize | FileCheck %s

// Batch dims are tiled by the largest divisor of their extent not above
// batch-tile (5 -> 1, 6 -> 3, 8 -> 4): no peeled batch tiles, so k batch
// dims never make 2^k copies of the kernel (an attn-ir-fuzzer finding: 7
// batch dims with batch-tile=3 took minutes to compile).
// CHECK-LABEL: func @three_batch_dims
// CHECK:     scf.for %{{.*}} = %c0 to %c5 step %c1
// CHECK:       scf.for %{{.*}} = %c0 to %c6 step %c3
// CHECK:         scf.for %{{.*}} = %c0 to %c8 step %c4
// CHECK:           attn.vanilla ins({{.*}} : tensor<1x3x4x9x2xf32>, tensor<1x3x4x7x2xf32>, tensor<1x3x4x7x3xf32>)
// CHECK-NOT:   attn.vanilla
func.func @three_batch_dims(%q: tensor<5x6x8x9x2xf32>, %k: tensor<5x6x8x7x2xf32>,
                            %v: tensor<5x6x8x7x3xf32>, %o: tensor<5x6x8x9x3xf32>)
    -> tensor<5x6x8x9x3xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<5x6x8x9x2xf32>, tensor<5x6x8x7x2xf32>, tensor<5x6x8x7x3xf32>)
                    outs(%o : tensor<5x6x8x9x3xf32>) -> tensor<5x6x8x9x3xf32>
  return %r : tensor<5x6x8x9x3xf32>
}
