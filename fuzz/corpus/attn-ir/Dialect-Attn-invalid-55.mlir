// fuzz: attn-cost target=gemmini strategy=materialized
func.func @query_offset_without_causal(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>, %off: index) {
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) query_offset(%off) -> tensor<4x8xf32>
  return
}
