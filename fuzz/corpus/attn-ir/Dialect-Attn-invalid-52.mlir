// fuzz: convert-attn-to-linalg strategy=flash key-block=5
func.func @weights_init_s(%x: tensor<10x4xf32>, %t: tensor<5x3xf32>, %o: tensor<4x2xf32>) {
  %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<5x3xf32>) outs(%o : tensor<4x2xf32>) -> tensor<4x2xf32>
  return
}
