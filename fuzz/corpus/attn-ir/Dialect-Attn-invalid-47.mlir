// fuzz: attn-count-work
func.func @weights_rank1(%x: tensor<8xf32>, %t: tensor<2x3xf32>, %o: tensor<8x3xf32>) {
  %r = attn.primal_weights ins(%x, %t : tensor<8xf32>, tensor<2x3xf32>) outs(%o : tensor<8x3xf32>) -> tensor<8x3xf32>
  return
}
