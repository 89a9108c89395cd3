// fuzz: convert-attn-to-linalg strategy=materialized
func.func @weights_p_too_large(%x: tensor<10x4xf32>, %t: tensor<11x3xf32>, %o: tensor<4x3xf32>) {
  %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<11x3xf32>) outs(%o : tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}
