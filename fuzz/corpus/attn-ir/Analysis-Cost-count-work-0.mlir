// fuzz: convert-attn-to-linalg strategy=flash key-block=5
func.func @f(%q: tensor<3x100x16xf32>, %k: tensor<3x70x16xf32>, %v: tensor<3x70x8xf32>, %o: tensor<3x100x8xf32>,
             %w: tensor<3x16x8xf32>, %wc: tensor<16x8xf32>) -> (tensor<3x100x8xf32>, tensor<3x100x8xf32>) {
  %r = attn.vanilla ins(%q, %k, %v : tensor<3x100x16xf32>, tensor<3x70x16xf32>, tensor<3x70x8xf32>)
                    outs(%o : tensor<3x100x8xf32>) {causal} -> tensor<3x100x8xf32>
  %p = attn.primal ins(%q, %q, %w, %w, %wc : tensor<3x100x16xf32>, tensor<3x100x16xf32>, tensor<3x16x8xf32>, tensor<3x16x8xf32>, tensor<16x8xf32>)
                   outs(%o : tensor<3x100x8xf32>) -> tensor<3x100x8xf32>
  return %r, %p : tensor<3x100x8xf32>, tensor<3x100x8xf32>
}
