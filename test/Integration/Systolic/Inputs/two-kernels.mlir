func.func @cross(%q: tensor<12x8xf32>, %k: tensor<9x8xf32>, %v: tensor<9x4xf32>) -> tensor<12x4xf32> {
  %e = tensor.empty() : tensor<12x4xf32>
  %r = attn.vanilla ins(%q, %k, %v : tensor<12x8xf32>, tensor<9x8xf32>, tensor<9x4xf32>) outs(%e : tensor<12x4xf32>) -> tensor<12x4xf32>
  return %r : tensor<12x4xf32>
}
func.func @self(%x: tensor<12x8xf32>) -> tensor<12x8xf32> {
  %e = tensor.empty() : tensor<12x8xf32>
  %r = attn.vanilla ins(%x, %x, %x : tensor<12x8xf32>, tensor<12x8xf32>, tensor<12x8xf32>) outs(%e : tensor<12x8xf32>) {causal} -> tensor<12x8xf32>
  return %r : tensor<12x8xf32>
}
