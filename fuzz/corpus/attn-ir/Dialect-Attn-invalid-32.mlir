// fuzz: attn-cpu-pipeline
func.func @primal_we_rank_high(%q: tensor<3x4x8xf32>, %we: tensor<2x3x8x2xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<3x4x8xf32>) {
  %r = attn.primal ins(%q, %q, %we, %w, %wc : tensor<3x4x8xf32>, tensor<3x4x8xf32>, tensor<2x3x8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<3x4x8xf32>) -> tensor<3x4x8xf32>
  return
}
