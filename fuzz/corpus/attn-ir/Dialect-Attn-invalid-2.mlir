// fuzz: attn-count-work
func.func @primal_wrong_input_count(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.primal ins(%q, %q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
