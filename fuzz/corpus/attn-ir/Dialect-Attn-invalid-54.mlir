// fuzz: attn-cpu-pipeline strategy=materialized row-tile=7 vector-width=4
func.func @weights_p_zero(%x: tensor<10x4xf32>, %t: tensor<0x3xf32>, %o: tensor<4x3xf32>) {
  %r = attn.primal_weights ins(%x, %t : tensor<10x4xf32>, tensor<0x3xf32>) outs(%o : tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}
