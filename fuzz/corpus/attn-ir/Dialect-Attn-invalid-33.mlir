// fuzz: attn-tile row-tile=3
func.func @primal_we_not_suffix(%q: tensor<2x8x4x16xf32>, %we: tensor<2x16x3xf32>, %w: tensor<16x3xf32>, %wc: tensor<6x16xf32>, %o: tensor<2x8x4x16xf32>) {
  %r = attn.primal ins(%q, %q, %we, %w, %wc : tensor<2x8x4x16xf32>, tensor<2x8x4x16xf32>, tensor<2x16x3xf32>, tensor<16x3xf32>, tensor<6x16xf32>) outs(%o : tensor<2x8x4x16xf32>) -> tensor<2x8x4x16xf32>
  return
}
