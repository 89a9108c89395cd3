// fuzz: convert-attn-to-linalg strategy=flash key-block=5
func.func @bf16_init(%q: tensor<4x8xf32>, %o: tensor<4x8xbf16>) {
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xbf16>) -> tensor<4x8xbf16>
  return
}
