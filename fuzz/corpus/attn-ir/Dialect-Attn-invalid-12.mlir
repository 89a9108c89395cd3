// fuzz: attn-systolic-pipeline
func.func @vanilla_rank1(%q: tensor<8xf32>, %o: tensor<8xf32>) {
  %r = attn.vanilla ins(%q, %q, %q : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) outs(%o : tensor<8xf32>) -> tensor<8xf32>
  return
}
