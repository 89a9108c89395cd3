// fuzz: attn-systolic-pipeline
func.func @wide(%q: tensor<12x8xf32>, %k: tensor<9x8xf32>) -> tensor<12x8xf32> {
  %e = tensor.empty() : tensor<12x8xf32>
  %r = attn.vanilla ins(%q, %k, %k : tensor<12x8xf32>, tensor<9x8xf32>, tensor<9x8xf32>) outs(%e : tensor<12x8xf32>) -> tensor<12x8xf32>
  return %r : tensor<12x8xf32>
}
