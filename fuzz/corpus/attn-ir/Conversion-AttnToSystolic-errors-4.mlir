// fuzz: convert-attn-to-systolic target=edge strategy=materialized
func.func @long_rows(%q: tensor<4x8xf32>, %k: tensor<8192x8xf32>) -> tensor<4x8xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %r = attn.vanilla ins(%q, %k, %k : tensor<4x8xf32>, tensor<8192x8xf32>, tensor<8192x8xf32>) outs(%e : tensor<4x8xf32>) -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}
