// fuzz: attn-tile row-tile=3
func.func @many_tiles(%q: tensor<65536x8xf32>) -> tensor<65536x8xf32> {
  %e = tensor.empty() : tensor<65536x8xf32>
  %r = attn.vanilla ins(%q, %q, %q : tensor<65536x8xf32>, tensor<65536x8xf32>, tensor<65536x8xf32>) outs(%e : tensor<65536x8xf32>) -> tensor<65536x8xf32>
  return %r : tensor<65536x8xf32>
}
