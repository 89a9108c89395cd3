// fuzz: attn-count-work
func.func @bad(%q: tensor<4x8xf32>, %k: tensor<5x6xf32>, %o: tensor<4x6xf32>) -> tensor<4x6xf32> {
  %r = attn.vanilla ins(%q, %k, %k : tensor<4x8xf32>, tensor<5x6xf32>, tensor<5x6xf32>) outs(%o : tensor<4x6xf32>) -> tensor<4x6xf32>
  return %r : tensor<4x6xf32>
}
