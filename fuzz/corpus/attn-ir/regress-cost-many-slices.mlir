// fuzz: attn-cost row-tile=1 target=edge annotate=false
func.func @vanilla_too_few_inputs(%q: tensor<7x7x130x3x31x5x17x130x5x5xf32>, %k: tensor<7x7x130x3x31x5x17x130x5x5xf32>, %o: tensor<7x7x130x3x31x5x17x130x5x5xf32>) {
  %r = attn.vanilla ins(%q, %q, %q : tensor<7x7x130x3x31x5x17x130x5x5xf32>, tensor<7x7x130x3x31x5x17x130x5x5xf32>, tensor<7x7x130x3x31x5x17x130x5x5xf32>) outs(%o : tensor<7x7x130x3x31x5x17x130x5x5xf32>) -> tensor<7x7x130x3x31x5x17x130x5x5xf32>
  return
}
