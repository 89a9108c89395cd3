// fuzz: convert-attn-to-systolic target=edge strategy=materialized
func.func @weights_theta_rank(%x: tensor<10x4xf32>, %t: tensor<1x5x3xf32>, %o: tensor<4x3xf32>) {
  %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<1x5x3xf32>) outs(%o : tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}
