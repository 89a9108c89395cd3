// fuzz: attn-cpu-pipeline strategy=materialized row-tile=7 vector-width=4
func.func @small(%q: tensor<2x7x8xf32>, %k: tensor<2x9x8xf32>, %v: tensor<2x9x4xf32>,
                 %o: tensor<2x7x4xf32>) -> tensor<2x7x4xf32> {
  %r = attn.vanilla ins(%q, %k, %v : tensor<2x7x8xf32>, tensor<2x9x8xf32>, tensor<2x9x4xf32>)
                    outs(%o : tensor<2x7x4xf32>) {causal} -> tensor<2x7x4xf32>
  return %r : tensor<2x7x4xf32>
}
