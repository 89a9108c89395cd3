// fuzz: attn-cost target=gemmini strategy=materialized
func.func @primal_rank1(%q: tensor<8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<8xf32>) {
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<8xf32>, tensor<8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<8xf32>) -> tensor<8xf32>
  return
}
