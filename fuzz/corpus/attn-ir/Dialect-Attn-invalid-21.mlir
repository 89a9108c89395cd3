// fuzz: attn-systolic-pipeline
func.func @vanilla_query_length(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %o: tensor<5x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %k : tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x8xf32>) outs(%o : tensor<5x8xf32>) -> tensor<5x8xf32>
  return
}
