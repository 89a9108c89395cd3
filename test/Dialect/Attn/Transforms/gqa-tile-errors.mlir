// Tiles of query heads that are neither whole groups nor inside one group
// have no attn.vanilla form without copying K/V; attn-tile refuses them.
// RUN: not attn-opt %s --attn-tile="batch-tile=2 row-tile=0" 2>&1 | FileCheck %s
// RUN: attn-opt %s --attn-tile="batch-tile=3 row-tile=0" --canonicalize | FileCheck %s --check-prefix=OK

// CHECK: error: 'attn.vanilla' op grouped-query attention (3 query heads per key/value head) needs a static head tile that is a multiple or a divisor of 3
// OK: tensor.extract_slice %arg1[%{{.*}}, 0, 0] [1, 40, 16] [1, 1, 1] : tensor<2x40x16xf32> to tensor<1x40x16xf32>
// OK: attn.vanilla {{.*}} : tensor<3x8x16xf32>, tensor<1x40x16xf32>, tensor<1x40x8xf32>)
func.func @gqa6(%q: tensor<6x8x16xf32>, %k: tensor<2x40x16xf32>, %v: tensor<2x40x8xf32>, %o: tensor<6x8x8xf32>) -> tensor<6x8x8xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<6x8x16xf32>, tensor<2x40x16xf32>, tensor<2x40x8xf32>) outs(%o : tensor<6x8x8xf32>) -> tensor<6x8x8xf32>
  return %r : tensor<6x8x8xf32>
}
