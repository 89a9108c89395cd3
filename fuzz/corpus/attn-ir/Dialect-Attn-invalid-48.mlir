// fuzz: attn-systolic-pipeline
func.func @weights_theta_not_suffix(%x: tensor<2x8x10x4xf32>, %t: tensor<2x5x3xf32>, %o: tensor<2x8x4x3xf32>) {
  %r = attn.primal_weights ins(%x, %t : tensor<2x8x10x4xf32>, tensor<2x5x3xf32>) outs(%o : tensor<2x8x4x3xf32>) -> tensor<2x8x4x3xf32>
  return
}
