// Causal and windowed flash ops are costed tile by tile (the key blocks a
// query tile skips): an op already tiled (query_offset not a constant) or
// with more than 2^22 query tiles gets a located error, never a wrong count
// or a hang.
// RUN: attn-opt %s --split-input-file --attn-cost --verify-diagnostics -o /dev/null

func.func @tiled(%q: tensor<8x4xf32>, %off: index) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<8x4xf32>
  // expected-error @+1 {{attn-cost: a causal or windowed flash op skips key blocks tile by tile; its query_offset must be a constant (cost the op before attn-tile) and it may have at most 2^22 query tiles of row-tile rows}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x4xf32>) outs(%e : tensor<8x4xf32>) query_offset(%off) {causal} -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// -----

func.func @huge(%q: tensor<4611686018427387904x1xf32>) -> tensor<4611686018427387904x1xf32> {
  %e = tensor.empty() : tensor<4611686018427387904x1xf32>
  // expected-error @+1 {{attn-cost: a causal or windowed flash op skips key blocks tile by tile}}
  %r = attn.vanilla ins(%q, %q, %q : tensor<4611686018427387904x1xf32>, tensor<4611686018427387904x1xf32>, tensor<4611686018427387904x1xf32>) outs(%e : tensor<4611686018427387904x1xf32>) {window = 3} -> tensor<4611686018427387904x1xf32>
  return %r : tensor<4611686018427387904x1xf32>
}

// -----

// A constant query_offset is fine: rows 8..15 of a causal 16-key op see
// keys 0..15, one block of 64 covers them (8 rows x 16 keys x (4 + 4)).
// expected-remark @+1 {{attn-cost total @offset: ops=1 macs=1024 }}
func.func @offset(%q: tensor<8x4xf32>, %k: tensor<16x4xf32>) -> tensor<8x4xf32> {
  %c8 = arith.constant 8 : index
  %e = tensor.empty() : tensor<8x4xf32>
  // expected-remark @+1 {{attn-cost: macs=1024 }}
  %r = attn.vanilla ins(%q, %k, %k : tensor<8x4xf32>, tensor<16x4xf32>, tensor<16x4xf32>) outs(%e : tensor<8x4xf32>) query_offset(%c8) {causal} -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}
