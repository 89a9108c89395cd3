// fuzz: attn-cpu-pipeline strategy=materialized row-tile=7 vector-width=4
func.func @vanilla_init_rank(%q: tensor<2x4x8xf32>, %o: tensor<4x8xf32>) {
  %r = attn.vanilla ins(%q, %q, %q : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%o : tensor<4x8xf32>) -> tensor<4x8xf32>
  return
}
