// fuzz: convert-attn-to-systolic target=edge strategy=materialized
func.func @unranked(%q: tensor<*xf32>, %k: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %k : tensor<*xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
