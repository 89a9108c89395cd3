// fuzz: attn-cpu-pipeline
func.func @vanilla_k_batch(%q: tensor<2x4x8xf32>, %k: tensor<3x4x8xf32>, %o: tensor<2x4x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %k : tensor<2x4x8xf32>, tensor<3x4x8xf32>, tensor<3x4x8xf32>) outs(%o : tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return
}
