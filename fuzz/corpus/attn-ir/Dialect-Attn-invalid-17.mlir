// fuzz: convert-attn-to-linalg strategy=materialized
func.func @vanilla_init_batch(%q: tensor<2x4x8xf32>, %o: tensor<5x4x8xf32>) {
  %r = attn.vanilla ins(%q, %q, %q : tensor<2x4x8xf32>, tensor<2x4x8xf32>, tensor<2x4x8xf32>) outs(%o : tensor<5x4x8xf32>) -> tensor<5x4x8xf32>
  return
}
