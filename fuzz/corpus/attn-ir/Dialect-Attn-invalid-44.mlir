// fuzz: convert-attn-to-linalg strategy=materialized
func.func @primal_bias_rank(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %b: tensor<1x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.primal ins(%q, %q, %w, %w, %wc, %b : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>, tensor<1x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
