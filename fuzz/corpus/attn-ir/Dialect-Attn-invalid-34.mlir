// fuzz: convert-attn-to-linalg strategy=flash key-block=5
func.func @primal_wr_not_suffix(%q: tensor<2x8x4x16xf32>, %w: tensor<8x16x3xf32>, %wr: tensor<4x16x3xf32>, %wc: tensor<6x16xf32>, %o: tensor<2x8x4x16xf32>) {
  %r = attn.primal ins(%q, %q, %w, %wr, %wc : tensor<2x8x4x16xf32>, tensor<2x8x4x16xf32>, tensor<8x16x3xf32>, tensor<4x16x3xf32>, tensor<6x16xf32>) outs(%o : tensor<2x8x4x16xf32>) -> tensor<2x8x4x16xf32>
  return
}
