// fuzz: attn-tile row-tile=3
func.func @f16_element(%q: tensor<4x8xf16>, %k: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %k : tensor<4x8xf16>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
