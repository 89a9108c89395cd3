// fuzz: attn-count-work
func.func @vanilla_key_length(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<7x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %v : tensor<4x8xf32>, tensor<6x8xf32>, tensor<7x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
