// fuzz: attn-cost target=gemmini strategy=materialized
func.func @primal_bad_feature_map(%q: tensor<4x8xf32>, %w: tensor<8x2xf32>, %wc: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<4x8xf32>, tensor<4x8xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) {feature_map = #attn.feature_map<softmax>} -> tensor<4x8xf32>
  return
}
