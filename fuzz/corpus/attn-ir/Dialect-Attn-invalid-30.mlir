// fuzz: attn-systolic-pipeline
func.func @primal_k_shape(%q: tensor<4x8xf32>, %k: tensor<5x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.primal ins(%q, %k, %w, %w, %wc : tensor<4x8xf32>, tensor<5x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
