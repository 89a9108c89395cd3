// fuzz: attn-cpu-pipeline
func.func @primal_init_batch(%q: tensor<2x4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<3x4x8xf32>) {
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<3x4x8xf32>) -> tensor<3x4x8xf32>
  return
}
