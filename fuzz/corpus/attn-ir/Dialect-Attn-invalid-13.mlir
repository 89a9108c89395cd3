// fuzz: convert-attn-to-systolic target=edge strategy=materialized
func.func @vanilla_k_rank(%q: tensor<2x4x8xf32>, %k: tensor<4x8xf32>, %o: tensor<2x4x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %q : tensor<2x4x8xf32>, tensor<4x8xf32>, tensor<2x4x8xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}
