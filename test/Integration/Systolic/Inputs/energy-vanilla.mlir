func.func @small(%q: tensor<1x2x64x16xf32>) -> tensor<1x2x64x16xf32> {
  %e = tensor.empty() : tensor<1x2x64x16xf32>
  %r = attn.vanilla ins(%q, %q, %q : tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>, tensor<1x2x64x16xf32>) outs(%e : tensor<1x2x64x16xf32>) -> tensor<1x2x64x16xf32>
  return %r : tensor<1x2x64x16xf32>
}
