// fuzz: attn-cpu-pipeline strategy=materialized row-tile=7 vector-width=4
func.func @primal_wr_input_dim(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wr: tensor<9x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.primal ins(%q, %q, %w, %wr, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<9x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
