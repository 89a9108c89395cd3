// fuzz: attn-systolic-pipeline
func.func @primal_weights_wrong_input_count(%x: tensor<4x8xf32>, %o: tensor<8x2xf32>) {
  %r = attn.primal_weights ins(%x : tensor<4x8xf32>) outs(%o : tensor<8x2xf32>) -> tensor<8x2xf32>
  return
}
