// fuzz: attn-cost target=gemmini strategy=materialized
func.func @result_type_mismatch(%q: tensor<4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.vanilla ins(%q, %q, %q : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<?x8xf32>
  return
}
