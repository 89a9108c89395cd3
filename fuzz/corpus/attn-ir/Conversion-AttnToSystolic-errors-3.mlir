// fuzz: attn-systolic-pipeline
func.func @dynamic(%q: tensor<?x4xf32>, %k: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<8x4xf32>
  %r = attn.vanilla ins(%k, %q, %q : tensor<8x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}
