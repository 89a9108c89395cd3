// fuzz: convert-attn-to-linalg strategy=flash key-block=5
func.func @primal_init_dv(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x6xf32>, %o: tensor<4x8xf32>) {
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x6xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
