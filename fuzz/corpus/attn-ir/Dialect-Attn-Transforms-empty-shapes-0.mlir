// fuzz: attn-tile row-tile=3
func.func @no_queries(%q: tensor<0x16xf32>, %k: tensor<5x16xf32>, %o: tensor<0x16xf32>) -> tensor<0x16xf32> {
  %r = attn.vanilla ins(%q, %k, %k : tensor<0x16xf32>, tensor<5x16xf32>, tensor<5x16xf32>)
                    outs(%o : tensor<0x16xf32>) -> tensor<0x16xf32>
  return %r : tensor<0x16xf32>
}
