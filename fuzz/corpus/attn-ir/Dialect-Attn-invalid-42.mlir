// fuzz: attn-tile row-tile=3
func.func @primal_init_length(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<5x8xf32>) {
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<5x8xf32>) -> tensor<5x8xf32>
  return
}
