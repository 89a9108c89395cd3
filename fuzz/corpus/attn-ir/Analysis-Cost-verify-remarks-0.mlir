// fuzz: convert-attn-to-linalg strategy=materialized
func.func @small(%q: tensor<32x16xf32>, %o: tensor<32x16xf32>) -> tensor<32x16xf32> {
  %k = tensor.extract_slice %q[0, 0] [8, 16] [1, 1] : tensor<32x16xf32> to tensor<8x16xf32>
  %r = attn.vanilla ins(%q, %k, %k : tensor<32x16xf32>, tensor<8x16xf32>, tensor<8x16xf32>)
                    outs(%o : tensor<32x16xf32>) -> tensor<32x16xf32>
  return %r : tensor<32x16xf32>
}
