// fuzz: attn-decompose-linalg-aggregates
func.func @causal_primal(%q: tensor<8x4xf32>, %w: tensor<4x2xf32>, %wc: tensor<4x3xf32>) -> tensor<8x3xf32> {
  %e = tensor.empty() : tensor<8x3xf32>
  %o = attn.primal ins(%q, %q, %w, %w, %wc : tensor<8x4xf32>, tensor<8x4xf32>, tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x3xf32>)
                   outs(%e : tensor<8x3xf32>) {causal} -> tensor<8x3xf32>
  return %o : tensor<8x3xf32>
}
