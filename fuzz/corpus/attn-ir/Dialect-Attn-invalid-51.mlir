// fuzz: attn-tile row-tile=3
func.func @weights_init_d(%x: tensor<10x4xf32>, %t: tensor<5x3xf32>, %o: tensor<5x3xf32>) {
  %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<5x3xf32>) outs(%o : tensor<5x3xf32>) -> tensor<5x3xf32>
  return
}
