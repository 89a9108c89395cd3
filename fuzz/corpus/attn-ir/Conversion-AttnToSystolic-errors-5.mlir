// fuzz: attn-cpu-pipeline
func.func @many_slices(%q: tensor<1024x1024x5x5xf32>) -> tensor<1024x1024x5x5xf32> {
  %e = tensor.empty() : tensor<1024x1024x5x5xf32>
  %r = attn.vanilla ins(%q, %q, %q : tensor<1024x1024x5x5xf32>, tensor<1024x1024x5x5xf32>, tensor<1024x1024x5x5xf32>) outs(%e : tensor<1024x1024x5x5xf32>) -> tensor<1024x1024x5x5xf32>
  return %r : tensor<1024x1024x5x5xf32>
}
