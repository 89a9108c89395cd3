// fuzz: convert-attn-to-linalg strategy=flash key-block=5
func.func @dynamic_weights(%q: tensor<7x4xf32>, %w: tensor<4x3xf32>, %wc: tensor<6x?xf32>, %o: tensor<7x4xf32>) -> tensor<7x4xf32> {
  %r = attn.primal ins(%q, %q, %w, %w, %wc : tensor<7x4xf32>, tensor<7x4xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<6x?xf32>)
                   outs(%o : tensor<7x4xf32>) -> tensor<7x4xf32>
  return %r : tensor<7x4xf32>
}
