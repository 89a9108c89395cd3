// fuzz: convert-attn-to-linalg strategy=materialized
func.func @primal_we_input_dim(%q: tensor<4x8xf32>, %we: tensor<7x2xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.primal ins(%q, %q, %we, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<7x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
