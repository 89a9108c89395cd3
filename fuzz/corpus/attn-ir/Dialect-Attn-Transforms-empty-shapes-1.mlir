// fuzz: convert-attn-to-linalg strategy=flash key-block=5
func.func @no_features(%q: tensor<7x0xf32>, %w: tensor<0x3xf32>, %wc: tensor<6x4xf32>, %o: tensor<7x4xf32>) -> tensor<7x4xf32> {
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<7x0xf32>, tensor<7x0xf32>, tensor<0x3xf32>, tensor<0x3xf32>, tensor<6x4xf32>)
                   outs(%o : tensor<7x4xf32>) -> tensor<7x4xf32>
  return %r : tensor<7x4xf32>
}
