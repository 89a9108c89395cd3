// fuzz: attn-cpu-pipeline
func.func @weights_init_batch(%x: tensor<2x10x4xf32>, %t: tensor<5x3xf32>, %o: tensor<3x4x3xf32>) {
  %r = attn.primal_weights ins(%x, %t : tensor<2x10x4xf32>, tensor<5x3xf32>) outs(%o : tensor<3x4x3xf32>) -> tensor<3x4x3xf32>
  return
}
