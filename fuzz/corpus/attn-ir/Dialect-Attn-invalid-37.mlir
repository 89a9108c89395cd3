// fuzz: attn-cost target=gemmini strategy=materialized
func.func @primal_rank_s(%q: tensor<4x8xf32>, %we: tensor<8x2xf32>, %wr: tensor<8x3xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.primal ins(%q, %q, %we, %wr, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x3xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
