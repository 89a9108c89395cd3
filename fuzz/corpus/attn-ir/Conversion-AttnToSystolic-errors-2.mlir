// fuzz: attn-count-work
func.func @other(%q: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<8x4xf32>
  %r = attn.vanilla ins(%q, %q, %q : tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x4xf32>) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  %s = arith.addf %r, %r : tensor<8x4xf32>
  return %s : tensor<8x4xf32>
}
