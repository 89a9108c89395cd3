func.func @vanilla(%q: tensor<1x8x1024x64xf32>, %k: tensor<1x8x1024x64xf32>, %v: tensor<1x8x1024x64xf32>) -> tensor<1x8x1024x64xf32> {
  %e = tensor.empty() : tensor<1x8x1024x64xf32>
  %r = attn.vanilla ins(%q, %k, %v : tensor<1x8x1024x64xf32>, tensor<1x8x1024x64xf32>, tensor<1x8x1024x64xf32>) outs(%e : tensor<1x8x1024x64xf32>) -> tensor<1x8x1024x64xf32>
  return %r : tensor<1x8x1024x64xf32>
}
